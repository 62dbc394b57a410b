from planner_app.cli import main

raise SystemExit(main())
