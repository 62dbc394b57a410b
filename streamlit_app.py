"""Culture-aware meeting planner: `streamlit run streamlit_app.py`. Wiring only: the pages live in
planner_app/ui, the live feeds and read API in planner_app/api, all on Streamlit's one server.

`streamlit run` finds `app` below (an st.App), imports this file as a module to serve it, and then
runs this same file as the page script on every rerun, as `__main__`."""

from streamlit.starlette import App

if __name__ == "__main__":  # a page run
    from planner_app.ui.app import run

    run()
else:  # the server: the pages plus the HTTP routes beside them
    from planner_app.ui import preload
    from planner_app.ui.routes import http_middleware, http_routes

    # preload: once the server is up, the pages' code is readied while the first browser loads the app
    app = App("streamlit_app.py", routes=http_routes(), middleware=http_middleware(), lifespan=preload.lifespan)
