"""What higher apps add to logging in and out. The core imports no domain app: contracts
registers its buyers' single sign-on here from its AppConfig.ready()."""

_login_options = []
_logout_redirects = []


def register_login_options(func):
    """``func(request)`` returns a list of ``{"label": ..., "url": ...}`` shown as buttons on
    the login page (for example "Log in with Oslo kommune's account")."""
    _login_options.append(func)
    return func


def register_logout_redirect(func):
    """``func(request)`` is called before the session ends and returns a URL to send the
    browser to afterwards (an identity provider's end-session endpoint), or None."""
    _logout_redirects.append(func)
    return func


def login_options(request):
    return [option for func in _login_options for option in func(request)]


def logout_redirect(request):
    for func in _logout_redirects:
        url = func(request)
        if url:
            return url
    return None
