"""The project's own errors. Everything a user can get wrong raises a `PlannerError`.

The command line prints `str(error)` and exits 2; the app shows it with `st.error`. Messages are one
line and name the file, member and field, in the attrs way:
``team.toml: member 'Raj': 'hours' must be HH:MM-HH:MM (got '25:00-26:00')``.
"""


class PlannerError(ValueError):
    """Root of every error caused by input: files, fields, ranges, names.

    `field` names the argument at fault in the core's own words (`start`, `end`, `duration`, `count`,
    `cadence`, `anchor`, `mode`, `time`): messages speak of "the end date", never of a command-line
    flag, and each face (the command line, the app, the API) says which of its controls that is.
    """

    def __init__(self, message: str = "", *args: object, field: str | None = None) -> None:
        # one line, always: user text quoted into a message may carry line breaks
        message = str(message).replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(message, *args)
        self.field = field


class UnknownTimezone(PlannerError):
    """An IANA zone name that the bundled tzdata does not know."""


class RegionError(PlannerError):
    """A region profile is missing or malformed, or an unknown region id was asked for."""


class TeamFileError(PlannerError):
    """A team file (TOML, JSON or CSV roster) is unreadable or malformed."""


class RangeError(PlannerError):
    """A date range or a duration is not usable."""


class EmptyCalendar(PlannerError):
    """A calendar file would have no event (RFC 5545 forbids an empty VCALENDAR); nothing is written.
    Not an input error: the command line says why on stderr and exits 0."""


class InstallationError(RuntimeError):
    """The planner's own installation is broken (a data file it ships with is missing or unreadable).
    Not the user's mistake, so not a `PlannerError`: the command line says so and exits 1."""
