"""Production serving: `gba-dash serve [--port] [--replicas N]`.

Everything a hosted link needs is set here, in one place:

- `streamlit_options()` — the Streamlit settings (no error details or developer toolbar in the
  browser, XSRF and CORS protection, allowed hosts, a short TTL for disconnected sessions, no
  usage statistics, no file watcher, no full GC after every run);
- `security_headers()` — Content-Security-Policy (`script-src 'self'` and the hashes of the two
  inline scripts the page runs, Streamlit's and `ui.style`'s; configurable
  `frame-ancestors`), X-Content-Type-Options, Referrer-Policy and friends, added to every HTTP
  response by `SecurityHeadersMiddleware`, an ASGI middleware on Streamlit's own `st.App`
  (Starlette), served by uvicorn;
- `prepare_database()` — the database built (or verified) before the first request.

`--replicas N` starts N identical replicas on consecutive ports (a small supervisor: it restarts a
replica that dies and logs every change of health). Put them behind `deploy/nginx.conf`.
"""

from gba_dash.serve.headers import (  # noqa: F401
    SecurityHeadersMiddleware,
    content_security_policy,
    hash_source,
    host_allowed,
    host_name,
    inline_script_hashes,
    make_app,
    own_script_hashes,
    security_headers,
    streamlit_options,
)
from gba_dash.serve.options import (  # noqa: F401
    APP_SCRIPT,
    DEFAULT_ADDRESS,
    DEFAULT_PORT,
    DEFAULT_SESSION_TTL,
    HEALTH_PATH,
    LOOPBACK_HOSTS,
    PRIVATE_PATHS,
    REPLICA_ENV,
    ServeOptions,
    is_loopback,
)
from gba_dash.serve.replicas import (  # noqa: F401
    Replica,
    Supervisor,
    describe,
    health,
    nginx_upstream,
    prepare_database,
    print_config,
    replica_ports,
    serve,
)
