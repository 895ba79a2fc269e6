"""In-app notices: what a user must be told, kept so that it can be mailed later."""
