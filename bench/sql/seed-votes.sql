-- Seeds ballots into one poll with generate_series and then rebuilds that poll's running counts from the ballot rows,
-- so the counts the API shows agree exactly with the vote table (also for votes cast through the API before).
--   psql -v poll=<uuid> -v opts='{<uuid>,<uuid>,<uuid>}' -v from=1 -v to=10000 -f seed-votes.sql
-- Voters are 'seed:<md5>' so their primary-key positions are as scattered as real token ids.
\set ON_ERROR_STOP on
\timing on
insert into vote (poll_id, voter, option_ids, age_band, area, cast_at)
select cast(:'poll' as uuid),
       'seed:' || md5(i::text),
       array[(cast(:'opts' as uuid[]))[1 + (i * 7919) % 3]],
       (array['AGE_18_24', 'AGE_25_44', 'AGE_45_64', 'AGE_65_PLUS', null])[1 + i % 5],
       null,
       now() - make_interval(secs => (i % 2592000))
from generate_series(cast(:'from' as bigint), cast(:'to' as bigint)) as i
on conflict do nothing;

begin;
lock table poll_option_tally, poll_ballot_tally in share row exclusive mode;
delete from poll_option_tally where poll_id = cast(:'poll' as uuid);
insert into poll_option_tally (poll_id, option_id, slot, votes)
select v.poll_id, o.option_id, cast(hashtext(v.voter) & 7 as smallint), count(*)
from vote v, unnest(v.option_ids) as o(option_id)
where v.poll_id = cast(:'poll' as uuid)
group by 1, 2, 3;
delete from poll_ballot_tally where poll_id = cast(:'poll' as uuid);
insert into poll_ballot_tally (poll_id, slot, ballots)
select poll_id, cast(hashtext(voter) & 7 as smallint), count(*)
from vote where poll_id = cast(:'poll' as uuid)
group by 1, 2;
commit;
