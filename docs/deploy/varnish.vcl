# Varnish in front of OPOP Shop (docs/performance.md, "Behind Varnish or a CDN").
#
#   client -> nginx (TLS, static files) -> Varnish :6081 -> gunicorn :8000
#
# What it keeps: pages the shop marks "Cache-Control: public, s-maxage=..." (first-time visitors, without any
# cookie). Anyone with a cookie (a cart, a login, a CSRF token) goes to the shop, whose own page cache fills in
# their token, cart count and name. The shop purges pages here when they change (OPOP_FRONTEND_CACHE_URL points
# at this Varnish; wagtail.contrib.frontend_cache sends PURGE with the page's Host). HTML is compressed once per
# cached object (do_gzip), not once per hit.
vcl 4.1;

backend shop {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging not allowed"));
        }
        return (purge);
    }
    # Ad click ids and campaign tags never split the cache (the shop ignores them as well).
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl|srsltid)=") {
        set req.url = regsuball(req.url, "(utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl|srsltid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|cart|checkout|orders|account|payments|documents|_util|_sim)(/|$)") {
        return (pass);
    }
    # A visitor with any cookie gets a page with their own token, cart and name: never shared.
    if (req.http.Cookie) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Content-Type ~ "^text/html") {
        set beresp.do_gzip = true;
    }
    # A purge arrives within a second of a change; grace only covers a slow or restarting backend.
    set beresp.grace = 30s;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
