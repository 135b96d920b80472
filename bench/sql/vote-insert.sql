-- pgbench script for the database ceiling: the very statement BallotBox.cast runs for one vote, as its own transaction
-- (the poll, its consultation and project still take votes; the network's ballots in the poll today are below the
-- allowance; then the ballot row, the running-count upserts, the network's count, and the counts for the answer, in
-- one CTE), with a fresh voter and a fresh network each time, a random option and a random slot.
--   pgbench -n -M prepared -f vote-insert.sql -D poll=<uuid> -D opts='{<uuid>,<uuid>,<uuid>}' -D tenant=<slug> ...
\set slot random(0, 31)
\set pick random(1, 3)
\set network random(1, 1000000000)
with open_poll as (
    select pl.id from poll pl
    join consultation c on c.id = pl.consultation_id
    join project p on p.id = c.project_id
    where pl.id = cast(:poll as uuid) and pl.status = 'OPEN'
      and (pl.opens_at is null or pl.opens_at <= now()) and (pl.closes_at is null or pl.closes_at > now())
      and c.status = 'OPEN' and (c.audience = 'EVERYONE' or c.id = null)
      and (c.opens_at is null or c.opens_at <= now()) and (c.closes_at is null or c.closes_at > now())
      and p.status = 'PUBLISHED'),
network as (
    select coalesce(max(ballots) filter (where day = current_date), 0) as todays,
           coalesce(max(earlier) filter (where day = current_date),
                    max(ballots) filter (where day = current_date - 1), 0) as earlier
    from poll_network_ballots
    where true and poll_id = cast(:poll as uuid)
      and ((day = current_date and network_key = 'pgbench:' || cast(:network as text))
           or (day = current_date - 1 and network_key = 'pgbench-yesterday:' || cast(:network as text)))),
admitted as (
    select o.id from open_poll o, network n
    where not true or n.todays + ceil(n.earlier * 0.5) < 1000000),
ballot as (
    insert into vote (poll_id, tenant_slug, voter, option_ids, age_band, area, cast_at)
    select id, cast(:tenant as text), 'pgbench:' || gen_random_uuid(), array[(cast(:opts as uuid[]))[cast(:pick as integer)]],
           null, null, now()
    from admitted
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
    returning 1),
counted as (
    insert into poll_network_ballots (poll_id, day, network_key, ballots, earlier)
    select b.poll_id, current_date, 'pgbench:' || cast(:network as text), 1, n.earlier from ballot b, network n where true
    on conflict (poll_id, day, network_key) do update set ballots = poll_network_ballots.ballots + 1
    returning ballots + earlier as total),
busy as (
    insert into poll_busy_ballots (poll_id, ballots)
    select cast(:poll as uuid), case when total = 500000 + 1 then total else 1 end from counted where total > 500000
    on conflict (poll_id) do update set ballots = poll_busy_ballots.ballots + excluded.ballots
    returning 1),
option_counts as (
    select option_id, sum(votes) as votes from poll_option_tally where true and poll_id = cast(:poll as uuid)
    group by option_id)
select (select count(*) from open_poll), (select count(*) from admitted), (select count(*) from ballot),
       n.todays, n.earlier,
       (select coalesce(sum(ballots), 0) from poll_ballot_tally where true and poll_id = cast(:poll as uuid)),
       (select array_agg(option_id order by option_id) from option_counts),
       (select array_agg(votes order by option_id) from option_counts)
from network n;
