-- Copies the benchmarked consultation :count times (new ids), so seeded reactions can be spread over other
-- consultations of the same tenant; prints the new ids as a Postgres array literal.
--   psql -At -v cons=<uuid> -v count=99 -f other-consultations.sql
\set ON_ERROR_STOP on
create temp table copies as
    select c.* from consultation c cross join generate_series(1, cast(:'count' as integer)) where c.id = cast(:'cons' as uuid);
update copies set id = gen_random_uuid(), title = left(title, 180) || ' (benchmark)';
insert into consultation select * from copies;
select '{' || string_agg(id::text, ',') || '}' from copies;
