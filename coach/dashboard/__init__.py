"""The clinician dashboard: server-rendered pages under `/app` with their own sign-in."""
