"""Tenancy enforced by PostgreSQL itself: row-level security under the ORM's scoping.

The ORM's `for_authority()` is the first wall; this is the second, for the query that forgets it
(raw SQL, a related-object walk, a new view). Every table with an `authority_id` column has RLS
enabled and forced, with one policy: a row is visible and writable only when its authority is in
the connection's allowed set (`cpc.authority_ids`), or when the connection is deliberately in
platform mode (`cpc.all_authorities = on`: migrations, platform staff, seeding commands).

- `policies`: the schema side (applied after every `migrate`, checked by a test).
- `scope`: the runtime side (what the middleware, the API, tasks and commands set and clear).
- `roles`: the app's login role (not a superuser, not the owner, no BYPASSRLS).

On SQLite every function here does nothing: there is no RLS there.
"""
