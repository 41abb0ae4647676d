"""A relying party built with Python authlib (Debian's python3-authlib), driven by
test/interop.test.ts: reads the issuer and clients as JSON on stdin, runs discovery,
client_credentials (client_secret_basic, client_secret_post, private_key_jwt), code + PKCE through
the hosted sign-in page, ID token validation (authlib's CodeIDToken: iss, aud, exp, iat, nonce,
at_hash, auth_time with max_age), refresh, userinfo by GET and POST, introspection and revocation,
and prints what it saw as JSON. Any failure raises (non-zero exit, traceback on stderr)."""
import json
import re
import sys
import time

import authlib
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from authlib.common.security import generate_token

cfg = json.load(sys.stdin)
issuer = cfg["issuer"]
report = {"version": authlib.__version__}

# Discovery, checked by authlib's metadata validators. They insist on https, and the test server
# is plain http on loopback: they check a copy whose URLs say https (everything else as served).
meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
assert meta["issuer"] == issuer, meta["issuer"]
as_https = json.loads(json.dumps(meta).replace('"http://', '"https://'))
for cls in (AuthorizationServerMetadata, OpenIDProviderMetadata):
    cls(as_https).validate()
token_endpoint = meta["token_endpoint"]

# client_credentials with each authentication method
seen = {}
basic = OAuth2Session(cfg["basic"]["id"], cfg["basic"]["secret"], token_endpoint_auth_method="client_secret_basic", scope="invoices:read")
tok = basic.fetch_token(token_endpoint, grant_type="client_credentials")
seen["client_secret_basic"] = jwt.decode(tok["access_token"], JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json()))["client_id"]
post = OAuth2Session(cfg["post"]["id"], cfg["post"]["secret"], token_endpoint_auth_method="client_secret_post", scope="invoices:read")
seen["client_secret_post"] = jwt.decode(post.fetch_token(token_endpoint, grant_type="client_credentials")["access_token"], JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json()))["client_id"]
pkjwt = OAuth2Session(cfg["jwt"]["id"], cfg["jwt"]["key"], token_endpoint_auth_method="private_key_jwt", scope="invoices:read")
# authlib signs assertions valid for an hour by default; this server takes at most 5 minutes
# (issue 10: the replay cache then holds only live ids), so ask for 2
pkjwt.register_client_auth_method(PrivateKeyJWT(token_endpoint, alg="ES256", headers={"kid": cfg["jwt"]["key"]["kid"]}, claims={"exp": int(time.time()) + 120}))
seen["private_key_jwt"] = jwt.decode(pkjwt.fetch_token(token_endpoint, grant_type="client_credentials")["access_token"], JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json()))["client_id"]
report["client_credentials"] = seen
info = basic.introspect_token(meta["introspection_endpoint"], token=tok["access_token"]).json()
report["introspected"] = {"active": info["active"], "client_id": info["client_id"]}

# authorization code + PKCE through the hosted page
web = cfg["web"]
rp = OAuth2Session(web["id"], web["secret"], token_endpoint_auth_method="client_secret_basic", scope="openid profile email", redirect_uri=web["redirect_uri"], code_challenge_method="S256")
verifier = generate_token(48)
nonce = generate_token(20)
url, state = rp.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce, max_age="600")
person = requests.Session()
page = person.get(url, allow_redirects=False, timeout=10)
assert page.status_code == 200, (page.status_code, page.text[:200])
sealed = re.search(r'name="ag_state" value="([^"]+)"', page.text).group(1)
done = person.post(meta["authorization_endpoint"], data={"ag_state": sealed, "username": cfg["user"]["username"], "password": cfg["user"]["password"]}, allow_redirects=False, timeout=10)
assert done.status_code == 303, (done.status_code, done.text[:200])
callback = done.headers["location"]
assert "iss=" in callback
token = rp.fetch_token(token_endpoint, authorization_response=callback, code_verifier=verifier)

jwks = JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
claims = jwt.decode(
    token["id_token"],
    jwks,
    claims_cls=CodeIDToken,
    claims_options={"iss": {"essential": True, "value": issuer}},
    claims_params={"nonce": nonce, "client_id": web["id"], "access_token": token["access_token"], "max_age": 600},
)
claims.validate(leeway=30)
report["id_token"] = {
    "iss": claims["iss"],
    "aud": claims["aud"],
    "sub": claims["sub"],
    "nonce": claims["nonce"],
    # authlib's validate() checked at_hash against the access token; say so explicitly
    "at_hash_ok": "at_hash" in claims,
    "auth_time_ok": isinstance(claims.get("auth_time"), int) and time.time() - claims["auth_time"] <= 600,
}

report["userinfo_get"] = rp.get(meta["userinfo_endpoint"], timeout=10).json()["sub"]
posted = rp.post(meta["userinfo_endpoint"], timeout=10)
assert posted.status_code == 200, (posted.status_code, posted.text)
report["userinfo_post"] = posted.json()["sub"]

refreshed = rp.refresh_token(token_endpoint, refresh_token=token["refresh_token"])
report["refreshed"] = refreshed["refresh_token"] != token["refresh_token"] and "access_token" in refreshed

before = rp.introspect_token(meta["introspection_endpoint"], token=refreshed["refresh_token"]).json()["active"]
revoked = rp.revoke_token(meta["revocation_endpoint"], token=refreshed["refresh_token"], token_type_hint="refresh_token")
assert revoked.status_code == 200, (revoked.status_code, revoked.text)
after = rp.introspect_token(meta["introspection_endpoint"], token=refreshed["refresh_token"]).json()["active"]
report["revoked"] = {"before": before, "after": after}

json.dump(report, sys.stdout)
