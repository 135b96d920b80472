-- pgbench script for the database ceiling: the very statement BallotBox.cast runs for one vote, as its own transaction
-- (the network's take from its allowance of votes, RateLimits.TAKE_CTE: for a fresh network a new bucket, as the
-- service's run gives every vote an address of its own; the poll, its consultation and project still take votes; the
-- network's ballots in the poll today are below the allowance; then the ballot row, the running-count upserts, the
-- network's count, and the counts for the answer, in one CTE), with a fresh voter and a fresh network each time, a
-- random option and a random slot. Only the params row differs from BallotBox.CAST: pgbench variables and SQL values
-- where the service binds its parameters (BallotStatementTest holds the rest to the service's text).
-- pgbench reads every :name as a variable, inside string literals too: no colon before a letter in a literal.
-- No volatile function in the params row (a fresh voter is a pgbench random, not gen_random_uuid()): PostgreSQL folds
-- a CTE into its uses, as `not materialized` asks, only when it has none.
--   pgbench -n -M prepared -f vote-insert.sql -D poll=<uuid> -D opts='{<uuid>,<uuid>,<uuid>}' -D tenant=<slug> ...
\set slot random(0, 31)
\set pick random(1, 3)
\set network random(1, 1000000000)
\set voter random(1, 1000000000000000)
with params as not materialized (
    select cast(:poll as uuid) as poll_id, now() as at, cast(null as uuid) as invited_to,
           cast(:tenant as text) as tenant, 'pgbench:' || cast(:voter as text) as voter,
           array[(cast(:opts as uuid[]))[cast(:pick as integer)]] as option_ids,
           cast(null as text) as age_band, cast(null as text) as area, cast(:slot as smallint) as slot,
           true as limited, current_date as today, 'pgbench:' || cast(:network as text) as today_key,
           'pgbench-yesterday:' || cast(:network as text) as yesterday_key, cast(0.5 as float8) as yesterdays_share,
           1000000 as per_day, true as with_counts,
           'pgbench-votes:' || cast(:network as text) as bucket_id, cast(1000000400 as float8) as capacity,
           cast(3600 as float8) as period_s, cast(400 as bigint) as band, 0 as allowed_level,
           statement_timestamp() as now),
allowance as (
    insert into rate_limit_allowance as r (id, tokens, refilled_at, expires_at)
    select x.bucket_id, x.capacity - 1, x.now, x.now + make_interval(secs => x.period_s / x.capacity + 60)
    from params x
    where x.bucket_id is not null and x.capacity >= 1
      and rate_limit_level(x.band, x.capacity) <= x.allowed_level
    on conflict (id) do update
    set tokens = rate_limit_refilled(r.tokens, r.refilled_at, excluded.refilled_at, (select capacity from params), (select period_s from params)) - 1, refilled_at = excluded.refilled_at,
        expires_at = excluded.refilled_at + make_interval(secs => ((select capacity from params)
            - rate_limit_refilled(r.tokens, r.refilled_at, excluded.refilled_at, (select capacity from params), (select period_s from params)) + 1) * (select period_s / capacity from params) + 60)
    where rate_limit_refilled(r.tokens, r.refilled_at, excluded.refilled_at, (select capacity from params), (select period_s from params)) >= 1 and rate_limit_level((select band from params), rate_limit_refilled(r.tokens, r.refilled_at, excluded.refilled_at, (select capacity from params), (select period_s from params)))
          <= (select allowed_level from params)
    returning tokens),
open_poll as (
    select pl.id from params x
    join poll pl on pl.id = x.poll_id
    join consultation c on c.id = pl.consultation_id
    join project p on p.id = c.project_id
    where pl.status = 'OPEN'
      and (pl.opens_at is null or pl.opens_at <= x.at) and (pl.closes_at is null or pl.closes_at > x.at)
      and c.status = 'OPEN' and (c.audience = 'EVERYONE' or c.id = x.invited_to)
      and (c.opens_at is null or c.opens_at <= x.at) and (c.closes_at is null or c.closes_at > x.at)
      and p.status = 'PUBLISHED'),
network as (
    select coalesce(max(b.ballots) filter (where b.day = x.today), 0) as todays,
           coalesce(max(b.earlier) filter (where b.day = x.today),
                    max(b.ballots) filter (where b.day = x.today - 1), 0) as earlier
    from params x left join poll_network_ballots b
      on x.limited and b.poll_id = x.poll_id
     and ((b.day = x.today and b.network_key = x.today_key)
          or (b.day = x.today - 1 and b.network_key = x.yesterday_key))),
admitted as (
    select o.id from open_poll o, network n, params x
    where (x.bucket_id is null or exists (select from allowance))
      and (not x.limited or n.todays + ceil(n.earlier * x.yesterdays_share) < x.per_day)),
ballot as (
    insert into vote (poll_id, tenant_slug, voter, option_ids, age_band, area, cast_at)
    select a.id, x.tenant, x.voter, x.option_ids, x.age_band, x.area, x.at from admitted a, params x
    on conflict do nothing
    returning poll_id, option_ids),
options as (
    insert into poll_option_tally (poll_id, option_id, slot, votes)
    select b.poll_id, o.option_id, x.slot, 1 from ballot b, params x, unnest(b.option_ids) as o(option_id)
    on conflict (poll_id, option_id, slot) do update set votes = poll_option_tally.votes + 1
    returning 1),
ballots as (
    insert into poll_ballot_tally (poll_id, slot, ballots)
    select b.poll_id, x.slot, 1 from ballot b, params x
    on conflict (poll_id, slot) do update set ballots = poll_ballot_tally.ballots + 1
    returning 1),
counted as (
    insert into poll_network_ballots (poll_id, day, network_key, ballots, earlier)
    select b.poll_id, x.today, x.today_key, 1, n.earlier from ballot b, network n, params x where x.limited
    on conflict (poll_id, day, network_key) do update set ballots = poll_network_ballots.ballots + 1
    returning ballots + earlier as total),
busy as (
    insert into poll_busy_ballots (poll_id, ballots)
    select x.poll_id, case when c.total = x.per_day / 2 + 1 then c.total else 1 end from counted c, params x
    where c.total > x.per_day / 2
    on conflict (poll_id) do update set ballots = poll_busy_ballots.ballots + excluded.ballots
    returning 1),
option_counts as (
    select t.option_id, sum(t.votes) as votes from params x join poll_option_tally t on t.poll_id = x.poll_id
    where x.with_counts group by t.option_id)
select (select count(*) from open_poll), (select count(*) from admitted), (select count(*) from ballot),
       n.todays, n.earlier,
       (select coalesce(sum(t.ballots), 0) from params x join poll_ballot_tally t on t.poll_id = x.poll_id
        where x.with_counts),
       (select array_agg(option_id order by option_id) from option_counts),
       (select array_agg(votes order by option_id) from option_counts),
       (select count(*) from allowance)
from network n;
