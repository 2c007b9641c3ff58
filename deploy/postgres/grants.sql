-- What the application's database role may do in casereview's database.
--
-- Two roles: the OWNER (MIGRATION_DATABASE_URL) owns the schema and runs the migrations; the
-- APPLICATION's role (DATABASE_URL) is what the web, the task worker and the scheduled jobs
-- connect as. The application's role may read and write every table except the audit log,
-- which it may only append to and read (INSERT, SELECT; USAGE on their id sequences). It
-- changes no schema, owns nothing, and so cannot drop, disable or replace the triggers that
-- keep the audit log append-only.
--
-- Run by the owner after every migration and every restore (`deploy/manage migrate` and
-- `deploy/manage restore` do it for you). By hand:
--   psql "$MIGRATION_DATABASE_URL" -v ON_ERROR_STOP=1 -v app_role=casereview \
--     -f deploy/postgres/grants.sql
-- It starts from nothing each time (revoke all, then grant), so it can be run at any time, and
-- a table added by a migration is closed to the application until it has run.

BEGIN;
SELECT set_config('casereview.app_role', :'app_role', true);

DO $grants$
DECLARE
    app text := current_setting('casereview.app_role');
    audit_tables text[] := ARRAY['core_auditentry', 'core_auditseal'];
    relation record;
    audit_table text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'There is no database role %: create it (docs/operations.md, "Two database roles").', app;
    END IF;
    IF (SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'The application''s role % is a superuser or may create roles or databases: make it a plain login role (ALTER ROLE % NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS).', app, app;
    END IF;
    IF pg_has_role(app, current_user, 'USAGE') THEN
        RAISE EXCEPTION 'The application''s role % is the owner % (or inherits its rights): migrations need their own role (docs/operations.md, "Two database roles").', app, current_user;
    END IF;
    SELECT c.relname, pg_get_userbyid(c.relowner) AS owner INTO relation
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND pg_has_role(app, c.relowner, 'USAGE')
        LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'The application''s role % can act as the owner of % (owned by %): give its objects to the owner: REASSIGN OWNED BY % TO %.', app, relation.relname, relation.owner, relation.owner, current_user;
    END IF;

    -- No DDL: nobody but the owner creates anything in the schema.
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    EXECUTE format('REVOKE ALL ON SCHEMA public FROM %I', app);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);

    FOR relation IN
        SELECT c.relname, c.relkind,
               (SELECT t.relname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                 LIMIT 1) AS sequence_of
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    LOOP
        IF relation.relkind = 'S' THEN
            EXECUTE format('REVOKE ALL ON SEQUENCE %I FROM %I', relation.relname, app);
            IF relation.sequence_of = ANY (audit_tables) THEN
                -- nextval() for a new entry; no setval(), which could make ids repeat.
                EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO %I', relation.relname, app);
            ELSE
                EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %I TO %I', relation.relname, app);
            END IF;
        ELSE
            EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', relation.relname, app);
            IF relation.relname = ANY (audit_tables) THEN
                EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', relation.relname, app);
            ELSIF relation.relkind = 'm' OR relation.relname = 'django_migrations' THEN
                -- Which migrations ran is the owner's record; the service (doctor) reads it.
                EXECUTE format('GRANT SELECT ON TABLE %I TO %I', relation.relname, app);
            ELSE
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO %I', relation.relname, app);
            END IF;
        END IF;
    END LOOP;

    -- The audit tables that exist must still carry their append-only triggers, enabled.
    FOREACH audit_table IN ARRAY audit_tables LOOP
        IF to_regclass(format('public.%I', audit_table)) IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM pg_trigger
            WHERE tgrelid = to_regclass(format('public.%I', audit_table))
              AND NOT tgisinternal AND tgenabled IN ('O', 'A')
        ) THEN
            RAISE EXCEPTION 'The audit table % has no enabled trigger keeping it append-only: run the migrations again (deploy/manage migrate) before the service starts.', audit_table;
        END IF;
    END LOOP;
END
$grants$;

COMMIT;
