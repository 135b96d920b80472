-- Seeds reactions with generate_series, numbered :from..:to, spread like this (by i mod 10):
--   0-5  published in the benchmarked consultation (:cons)          60 %
--   6    pending in :cons (not on the public page, in the index)     10 %
--   7    hidden in :cons                                             10 %
--   8-9  published in one of the other consultations (:others ids)   20 %
-- created_at spread over the past year, so the newest page mixes seeded and older rows.
--   psql -v tenant=enkhuizen -v cons=<uuid> -v others='{<uuid>,...}' -v from=1 -v to=10000 -f seed-reactions.sql
\set ON_ERROR_STOP on
\timing on
insert into reaction (id, tenant_slug, consultation_id, body, display_name, status, receipt_hash, moderated_at,
                      created_at, updated_at)
select gen_random_uuid(),
       :'tenant',
       case when i % 10 < 8 then cast(:'cons' as uuid)
            else (cast(:'others' as uuid[]))[1 + (i / 10) % cardinality(cast(:'others' as uuid[]))] end,
       'Reactie ' || i || ': ' || (array['Meer bomen en een speelplek graag.',
                                          'Een bankje in de schaduw zou fijn zijn voor ouderen.',
                                          'Houd het plein autovrij op zaterdag, dan kan de markt blijven.',
                                          'Graag fietsenrekken bij de ingang van de bibliotheek.',
                                          'Zorg voor goede verlichting, ook in de zijstraten.'])[1 + i % 5],
       case when i % 3 = 0 then 'Bewoner ' || (i % 997) end,
       case i % 10 when 6 then 'PENDING' when 7 then 'HIDDEN' else 'PUBLISHED' end,
       sha256(convert_to('seed-receipt-' || i, 'UTF8')),
       case when i % 10 = 7 then ts end,
       ts, ts
from generate_series(cast(:'from' as bigint), cast(:'to' as bigint)) as i,
     lateral (select now() - make_interval(secs => (i * 104729) % 31536000)) as t(ts);
