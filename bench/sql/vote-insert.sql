-- pgbench script for the database ceiling: the very statement BallotBox.cast runs for one vote (the poll still takes
-- votes, then a ballot row plus the running-count upserts, in one CTE), with a fresh voter each time, a random option
-- and a random slot.
--   pgbench -n -M prepared -f vote-insert.sql -D poll=<uuid> -D opts='{<uuid>,<uuid>,<uuid>}' ...
\set slot random(0, 31)
\set pick random(1, 3)
with open_poll as (
    select id from poll
    where id = cast(:poll as uuid) and status = 'OPEN' and (opens_at is null or opens_at <= now())
      and (closes_at is null or closes_at > now())),
ballot as (
    insert into vote (poll_id, voter, option_ids, age_band, area, cast_at)
    select id, 'pgbench:' || gen_random_uuid(), array[(cast(:opts as uuid[]))[cast(:pick as integer)]], null, null, now()
    from open_poll
    on conflict do nothing
    returning poll_id, option_ids),
options as (
    insert into poll_option_tally (poll_id, option_id, slot, votes)
    select b.poll_id, o.option_id, cast(:slot as smallint), 1 from ballot b, unnest(b.option_ids) as o(option_id)
    on conflict (poll_id, option_id, slot) do update set votes = poll_option_tally.votes + 1
    returning 1),
ballots as (
    insert into poll_ballot_tally (poll_id, slot, ballots)
    select poll_id, cast(:slot as smallint), 1 from ballot
    on conflict (poll_id, slot) do update set ballots = poll_ballot_tally.ballots + 1
    returning 1)
select (select count(*) from open_poll), (select count(*) from ballot);
