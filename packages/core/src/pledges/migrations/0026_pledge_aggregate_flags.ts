import { type Migration, sql } from "kysely"
import type { FrozenDb, MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * The pledge figures' maintained aggregates (0018) gain the dimensions the 普惠 and 首次质押 breakdowns and
 * the summary's loans in default read, and the status the figures filter on (pledges/aggregates.ts):
 * `status` (key the registration's current status: registered, changed, released, cancelled; its loans
 * and amount changes follow it; the enterprise counts are not kept per status, key ''), `first` (key
 * yes/no: the registration is its enterprise's first pledge, pledge_firsts; its loans follow it),
 * `inclusive:<fen>` for the thresholds
 * 5,000,000 / 10,000,000 / 20,000,000 / 50,000,000 yuan (key yes/no: the least of the registration's
 * amount and its loans not reversed is at most the threshold; its loans follow it), and `default` in the
 * pairs (month of a live loan's first live default, key the month of its first live disposal, since '' its
 * amount, since a repayment's month that repayment negated). No new table and no record changes: both
 * tables are emptied and built again from the records, the same statements on both dialects (they take no
 * parameters; the text is what pledges/aggregates.ts `buildStatements` wrote when this was released).
 */
export const pledgeAggregateFlags = (_context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    await sql`delete from pledge_month_totals`.execute(db)
    await sql`delete from pledge_month_pairs`.execute(db)
    for (const statement of aggregateBuild) await sql.raw(statement).execute(db)
  }
})

const totals = `
insert into "pledge_month_totals" ("dimension", "month", "key", "reg_hi", "reg_lo", "registrations",
"patents", "loans", "lending_hi", "lending_lo", "repaid_hi", "repaid_lo", "settled_hi", "settled_lo") select
"g"."dimension", "g"."month", "g"."key", "g"."reg_hi", "g"."reg_lo", "g"."registrations", "g"."patents",
"g"."loans", "g"."lending_hi", "g"."lending_lo", "g"."repaid_hi", "g"."repaid_lo", "g"."settled_hi",
"g"."settled_lo" from (select d.dimension as dimension, case d.dimension when 'district' then b.district when
'bank' then b.bank when 'size' then coalesce(b.size, '') when 'first' then b.first when 'status' then b.status
when 'inclusive:500000000' then case when b.ib <= 0 then 'yes' else 'no' end when 'inclusive:1000000000' then
case when b.ib <= 1 then 'yes' else 'no' end when 'inclusive:2000000000' then case when b.ib <= 2 then 'yes'
else 'no' end when 'inclusive:5000000000' then case when b.ib <= 3 then 'yes' else 'no' end else '' end as
key, b.month as month, sum("b"."reg_hi") * 1 as "reg_hi", sum("b"."reg_lo") * 1 as "reg_lo",
sum("b"."registrations") * 1 as "registrations", sum("b"."patents") * 1 as "patents", sum("b"."loans") * 1 as
"loans", sum("b"."lending_hi") * 1 as "lending_hi", sum("b"."lending_lo") * 1 as "lending_lo",
sum("b"."repaid_hi") * 1 as "repaid_hi", sum("b"."repaid_lo") * 1 as "repaid_lo", sum("b"."settled_hi") * 1 as
"settled_hi", sum("b"."settled_lo") * 1 as "settled_lo" from (select "r"."district", "r"."bank", "r"."size",
"r"."month", "r"."first", "r"."ib", "r"."status", sum("r"."reg_hi") as "reg_hi", sum("r"."reg_lo") as
"reg_lo", sum("r"."registrations") as "registrations", sum("r"."patents") as "patents", sum("r"."loans") as
"loans", sum("r"."lending_hi") as "lending_hi", sum("r"."lending_lo") as "lending_lo", sum("r"."repaid_hi") as
"repaid_hi", sum("r"."repaid_lo") as "repaid_lo", sum("r"."settled_hi") as "settled_hi", sum("r"."settled_lo")
as "settled_lo" from (select "p"."pledgor_district" as district, "p"."pledgee_name" as bank,
"p"."pledgor_size" as size, substr("p"."registered_on", 1, 7) as month, case when exists (select 1 from
pledge_firsts fq where fq.pledgor_uscc = "p"."pledgor_uscc" and fq.pledge_id = "p"."id") then 'yes' else 'no'
end as first, (select min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0 when
"p"."amount_fen" <= 1000000000 then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <=
5000000000 then 3 else 4 end as b union all select case when iq.amount_fen <= 500000000 then 0 when
iq.amount_fen <= 1000000000 then 1 when iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000
then 3 else 4 end from pledge_loans iq where iq.pledge_id = "p"."id" and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "iq"."id")) ibq) as ib, coalesce((select case sx.kind
when 'change' then 'changed' when 'release' then 'released' else 'cancelled' end from pledge_events sx where
sx.pledge_id = "p"."id" and sx.kind <> 'reversal' and not exists (select 1 from pledge_events sxr where
sxr.reverses_id = sx.id) order by sx.on_date desc, sx.id desc limit 1), 'registered') as status,
(p.amount_fen) / 1000000000 as "reg_hi", (p.amount_fen) % 1000000000 as "reg_lo", 1 as "registrations",
p.patent_count as "patents", 0 as "loans", 0 as "lending_hi", 0 as "lending_lo", 0 as "repaid_hi", 0 as
"repaid_lo", 0 as "settled_hi", 0 as "settled_lo" from pledges p where "p"."id" not in ( select
void_r.pledge_id from pledge_reversals void_r union all select void_c.pledge_id from pledge_events void_c
where void_c.kind = 'cancel' and not exists (select 1 from pledge_events void_x where void_x.reverses_id =
void_c.id) and not exists (select 1 from pledge_reversals void_cr where void_cr.pledge_id = void_c.pledge_id))
union all select "l"."pledgor_district" as district, "l"."bank_name" as bank, "l"."pledgor_size" as size,
substr("l"."disbursed_on", 1, 7) as month, case when exists (select 1 from pledge_firsts fq where
fq.pledgor_uscc = "p"."pledgor_uscc" and fq.pledge_id = "p"."id") then 'yes' else 'no' end as first, (select
min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0 when "p"."amount_fen" <= 1000000000
then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <= 5000000000 then 3 else 4 end as b
union all select case when iq.amount_fen <= 500000000 then 0 when iq.amount_fen <= 1000000000 then 1 when
iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000 then 3 else 4 end from pledge_loans iq
where iq.pledge_id = "p"."id" and not exists (select 1 from pledge_loan_reversals live_lr where
live_lr.loan_id = "iq"."id")) ibq) as ib, coalesce((select case sx.kind when 'change' then 'changed' when
'release' then 'released' else 'cancelled' end from pledge_events sx where sx.pledge_id = "p"."id" and sx.kind
<> 'reversal' and not exists (select 1 from pledge_events sxr where sxr.reverses_id = sx.id) order by
sx.on_date desc, sx.id desc limit 1), 'registered') as status, 0 as "reg_hi", 0 as "reg_lo", 0 as
"registrations", 0 as "patents", 1 as "loans", (l.amount_fen) / 1000000000 as "lending_hi", (l.amount_fen) %
1000000000 as "lending_lo", 0 as "repaid_hi", 0 as "repaid_lo", 0 as "settled_hi", 0 as "settled_lo" from
pledge_loans l cross join pledges p where 1 = 1 and p.id = l.pledge_id and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "l"."id") and not exists (select 1 from pledge_reversals
live_pr where live_pr.pledge_id = "l"."pledge_id") union all select "e"."pledgor_district" as district,
"e"."bank_name" as bank, "e"."pledgor_size" as size, substr("e"."on_date", 1, 7) as month, case when exists
(select 1 from pledge_firsts fq where fq.pledgor_uscc = "p"."pledgor_uscc" and fq.pledge_id = "p"."id") then
'yes' else 'no' end as first, (select min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0
when "p"."amount_fen" <= 1000000000 then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <=
5000000000 then 3 else 4 end as b union all select case when iq.amount_fen <= 500000000 then 0 when
iq.amount_fen <= 1000000000 then 1 when iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000
then 3 else 4 end from pledge_loans iq where iq.pledge_id = "p"."id" and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "iq"."id")) ibq) as ib, coalesce((select case sx.kind
when 'change' then 'changed' when 'release' then 'released' else 'cancelled' end from pledge_events sx where
sx.pledge_id = "p"."id" and sx.kind <> 'reversal' and not exists (select 1 from pledge_events sxr where
sxr.reverses_id = sx.id) order by sx.on_date desc, sx.id desc limit 1), 'registered') as status, 0 as
"reg_hi", 0 as "reg_lo", 0 as "registrations", 0 as "patents", 0 as "loans", 0 as "lending_hi", 0 as
"lending_lo", (e.amount_fen) / 1000000000 as "repaid_hi", (e.amount_fen) % 1000000000 as "repaid_lo", 0 as
"settled_hi", 0 as "settled_lo" from pledge_loans l cross join pledge_loan_events e cross join pledges p where
1 = 1 and p.id = l.pledge_id and e.loan_id = l.id and e.kind = 'repayment' and not exists (select 1 from
pledge_loan_events live_xe where live_xe.reverses_id = "e"."id") and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "l"."id") and not exists (select 1 from pledge_reversals
live_pr where live_pr.pledge_id = "l"."pledge_id") union all select "x"."pledgor_district" as district,
"x"."bank_name" as bank, "x"."pledgor_size" as size, substr("x"."on_date", 1, 7) as month, case when exists
(select 1 from pledge_firsts fq where fq.pledgor_uscc = "p"."pledgor_uscc" and fq.pledge_id = "p"."id") then
'yes' else 'no' end as first, (select min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0
when "p"."amount_fen" <= 1000000000 then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <=
5000000000 then 3 else 4 end as b union all select case when iq.amount_fen <= 500000000 then 0 when
iq.amount_fen <= 1000000000 then 1 when iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000
then 3 else 4 end from pledge_loans iq where iq.pledge_id = "p"."id" and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "iq"."id")) ibq) as ib, coalesce((select case sx.kind
when 'change' then 'changed' when 'release' then 'released' else 'cancelled' end from pledge_events sx where
sx.pledge_id = "p"."id" and sx.kind <> 'reversal' and not exists (select 1 from pledge_events sxr where
sxr.reverses_id = sx.id) order by sx.on_date desc, sx.id desc limit 1), 'registered') as status, 0 as
"reg_hi", 0 as "reg_lo", 0 as "registrations", 0 as "patents", 0 as "loans", 0 as "lending_hi", 0 as
"lending_lo", 0 as "repaid_hi", 0 as "repaid_lo", (x.recovered_fen + x.written_off_fen) / 1000000000 as
"settled_hi", (x.recovered_fen + x.written_off_fen) % 1000000000 as "settled_lo" from pledge_loans l cross
join pledge_loan_disposals x cross join pledges p where 1 = 1 and p.id = l.pledge_id and x.loan_id = l.id and
not exists (select 1 from pledge_loan_disposal_reversals live_xr where live_xr.disposal_id = "x"."id") and not
exists (select 1 from pledge_loan_reversals live_lr where live_lr.loan_id = "l"."id") and not exists (select 1
from pledge_reversals live_pr where live_pr.pledge_id = "l"."pledge_id")) r group by "r"."district",
"r"."bank", "r"."size", "r"."month", "r"."first", "r"."ib", "r"."status") b cross join (select 'all' as
dimension union all select 'district' union all select 'bank' union all select 'size' union all select 'first'
union all select 'status' union all select 'inclusive:500000000' union all select 'inclusive:1000000000' union
all select 'inclusive:2000000000' union all select 'inclusive:5000000000') d group by d.dimension, case
d.dimension when 'district' then b.district when 'bank' then b.bank when 'size' then coalesce(b.size, '') when
'first' then b.first when 'status' then b.status when 'inclusive:500000000' then case when b.ib <= 0 then
'yes' else 'no' end when 'inclusive:1000000000' then case when b.ib <= 1 then 'yes' else 'no' end when
'inclusive:2000000000' then case when b.ib <= 2 then 'yes' else 'no' end when 'inclusive:5000000000' then case
when b.ib <= 3 then 'yes' else 'no' end else '' end, b.month) g where true on conflict ("dimension", "month",
"key") do update set "reg_hi" = "pledge_month_totals"."reg_hi" + excluded."reg_hi", "reg_lo" =
"pledge_month_totals"."reg_lo" + excluded."reg_lo", "registrations" = "pledge_month_totals"."registrations" +
excluded."registrations", "patents" = "pledge_month_totals"."patents" + excluded."patents", "loans" =
"pledge_month_totals"."loans" + excluded."loans", "lending_hi" = "pledge_month_totals"."lending_hi" +
excluded."lending_hi", "lending_lo" = "pledge_month_totals"."lending_lo" + excluded."lending_lo", "repaid_hi"
= "pledge_month_totals"."repaid_hi" + excluded."repaid_hi", "repaid_lo" = "pledge_month_totals"."repaid_lo" +
excluded."repaid_lo", "settled_hi" = "pledge_month_totals"."settled_hi" + excluded."settled_hi", "settled_lo"
= "pledge_month_totals"."settled_lo" + excluded."settled_lo"`

const pairs = `
insert into "pledge_month_pairs" ("dimension", "month", "key", "since", "enterprises", "change_hi",
"change_lo") select "g"."dimension", "g"."month", "g"."key", "g"."since", "g"."enterprises", "g"."change_hi",
"g"."change_lo" from (select d.dimension as dimension, case d.dimension when 'district' then b.district when
'bank' then b.bank when 'size' then coalesce(b.size, '') when 'first' then b.first when 'status' then b.status
when 'inclusive:500000000' then case when b.ib <= 0 then 'yes' else 'no' end when 'inclusive:1000000000' then
case when b.ib <= 1 then 'yes' else 'no' end when 'inclusive:2000000000' then case when b.ib <= 2 then 'yes'
else 'no' end when 'inclusive:5000000000' then case when b.ib <= 3 then 'yes' else 'no' end else '' end as
key, b.month as month, case d.dimension when 'district' then b.since_district when 'bank' then b.since_bank
when 'size' then b.since_size when 'first' then b.since_first when 'inclusive:500000000' then b.since_i0 when
'inclusive:1000000000' then b.since_i1 when 'inclusive:2000000000' then b.since_i2 when 'inclusive:5000000000'
then b.since_i3 else b.since_all end as since, sum("b"."enterprises") * 1 as "enterprises",
sum("b"."change_hi") * 1 as "change_hi", sum("b"."change_lo") * 1 as "change_lo" from (select "r"."district",
"r"."bank", "r"."size", "r"."month", "r"."first", "r"."ib", "r"."status", "r"."since_all",
"r"."since_district", "r"."since_bank", "r"."since_size", "r"."since_first", "r"."since_i0", "r"."since_i1",
"r"."since_i2", "r"."since_i3", sum("r"."enterprises") as "enterprises", sum("r"."change_hi") as "change_hi",
sum("r"."change_lo") as "change_lo" from (select s.pledgor_district as district, s.pledgee_name as bank,
s.pledgor_size as size, substr("s"."registered_on", 1, 7) as month, case when s.seq_no = 1 then 'yes' else
'no' end as first, s.ib as ib, '' as status, coalesce(substr("s"."prev_on", 1, 7), '') as since_all,
coalesce(substr("s"."prev_district_on", 1, 7), '') as since_district, coalesce(substr("s"."prev_pledgee_on",
1, 7), '') as since_bank, coalesce(substr("s"."prev_size_on", 1, 7), '') as since_size, case when s.seq_no <=
2 then '' else coalesce(substr("s"."prev_on", 1, 7), '') end as since_first,
coalesce(substr(lag(s.registered_on) over (partition by s.pledgor_uscc, case when s.ib <= 0 then 1 else 0 end
order by s.registered_on, s.pledge_id), 1, 7), '') as "since_i0", coalesce(substr(lag(s.registered_on) over
(partition by s.pledgor_uscc, case when s.ib <= 1 then 1 else 0 end order by s.registered_on, s.pledge_id), 1,
7), '') as "since_i1", coalesce(substr(lag(s.registered_on) over (partition by s.pledgor_uscc, case when s.ib
<= 2 then 1 else 0 end order by s.registered_on, s.pledge_id), 1, 7), '') as "since_i2",
coalesce(substr(lag(s.registered_on) over (partition by s.pledgor_uscc, case when s.ib <= 3 then 1 else 0 end
order by s.registered_on, s.pledge_id), 1, 7), '') as "since_i3", 1 as enterprises, 0 as change_hi, 0 as
change_lo from (select sq.*, (select min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0
when "p"."amount_fen" <= 1000000000 then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <=
5000000000 then 3 else 4 end as b union all select case when iq.amount_fen <= 500000000 then 0 when
iq.amount_fen <= 1000000000 then 1 when iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000
then 3 else 4 end from pledge_loans iq where iq.pledge_id = "p"."id" and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "iq"."id")) ibq) as ib from pledge_sequence sq cross
join pledges p where p.id = sq.pledge_id and 1 = 1) s union all select p.pledgor_district as district,
p.pledgee_name as bank, p.pledgor_size as size, substr("p"."registered_on", 1, 7) as month, case when exists
(select 1 from pledge_firsts fq where fq.pledgor_uscc = "p"."pledgor_uscc" and fq.pledge_id = "p"."id") then
'yes' else 'no' end as first, (select min(ibq.b) from (select case when "p"."amount_fen" <= 500000000 then 0
when "p"."amount_fen" <= 1000000000 then 1 when "p"."amount_fen" <= 2000000000 then 2 when "p"."amount_fen" <=
5000000000 then 3 else 4 end as b union all select case when iq.amount_fen <= 500000000 then 0 when
iq.amount_fen <= 1000000000 then 1 when iq.amount_fen <= 2000000000 then 2 when iq.amount_fen <= 5000000000
then 3 else 4 end from pledge_loans iq where iq.pledge_id = "p"."id" and not exists (select 1 from
pledge_loan_reversals live_lr where live_lr.loan_id = "iq"."id")) ibq) as ib, coalesce((select case sx.kind
when 'change' then 'changed' when 'release' then 'released' else 'cancelled' end from pledge_events sx where
sx.pledge_id = "p"."id" and sx.kind <> 'reversal' and not exists (select 1 from pledge_events sxr where
sxr.reverses_id = sx.id) order by sx.on_date desc, sx.id desc limit 1), 'registered') as status,
substr("c"."on_date", 1, 7) as since_all, substr("c"."on_date", 1, 7) as since_district, substr("c"."on_date",
1, 7) as since_bank, substr("c"."on_date", 1, 7) as since_size, substr("c"."on_date", 1, 7) as since_first,
substr("c"."on_date", 1, 7) as "since_i0", substr("c"."on_date", 1, 7) as "since_i1", substr("c"."on_date", 1,
7) as "since_i2", substr("c"."on_date", 1, 7) as "since_i3", 0 as enterprises, (c.amount_after_fen -
c.amount_before_fen) / 1000000000 as change_hi, (c.amount_after_fen - c.amount_before_fen) % 1000000000 as
change_lo from pledge_events c cross join pledges p where "c"."kind" = 'change' and "c"."amount_after_fen" is
not null and not exists (select 1 from pledge_events live_cx where live_cx.reverses_id = "c"."id") and p.id =
c.pledge_id and 1 = 1 and "p"."id" not in ( select void_r.pledge_id from pledge_reversals void_r union all
select void_c.pledge_id from pledge_events void_c where void_c.kind = 'cancel' and not exists (select 1 from
pledge_events void_x where void_x.reverses_id = void_c.id) and not exists (select 1 from pledge_reversals
void_cr where void_cr.pledge_id = void_c.pledge_id))) r group by "r"."district", "r"."bank", "r"."size",
"r"."month", "r"."first", "r"."ib", "r"."status", "r"."since_all", "r"."since_district", "r"."since_bank",
"r"."since_size", "r"."since_first", "r"."since_i0", "r"."since_i1", "r"."since_i2", "r"."since_i3") b cross
join (select 'all' as dimension union all select 'district' union all select 'bank' union all select 'size'
union all select 'first' union all select 'status' union all select 'inclusive:500000000' union all select
'inclusive:1000000000' union all select 'inclusive:2000000000' union all select 'inclusive:5000000000') d
group by d.dimension, case d.dimension when 'district' then b.district when 'bank' then b.bank when 'size'
then coalesce(b.size, '') when 'first' then b.first when 'status' then b.status when 'inclusive:500000000'
then case when b.ib <= 0 then 'yes' else 'no' end when 'inclusive:1000000000' then case when b.ib <= 1 then
'yes' else 'no' end when 'inclusive:2000000000' then case when b.ib <= 2 then 'yes' else 'no' end when
'inclusive:5000000000' then case when b.ib <= 3 then 'yes' else 'no' end else '' end, b.month, case
d.dimension when 'district' then b.since_district when 'bank' then b.since_bank when 'size' then b.since_size
when 'first' then b.since_first when 'inclusive:500000000' then b.since_i0 when 'inclusive:1000000000' then
b.since_i1 when 'inclusive:2000000000' then b.since_i2 when 'inclusive:5000000000' then b.since_i3 else
b.since_all end) g where true on conflict ("dimension", "month", "key", "since") do update set "enterprises" =
"pledge_month_pairs"."enterprises" + excluded."enterprises", "change_hi" = "pledge_month_pairs"."change_hi" +
excluded."change_hi", "change_lo" = "pledge_month_pairs"."change_lo" + excluded."change_lo"`

const defaults = `
insert into "pledge_month_pairs" ("dimension", "month", "key", "since", "enterprises", "change_hi",
"change_lo") select "g"."dimension", "g"."month", "g"."key", "g"."since", "g"."enterprises", "g"."change_hi",
"g"."change_lo" from (select 'default' as dimension, r.key as key, r.month as month, r.since as since,
sum("r"."enterprises") * 1 as "enterprises", sum("r"."change_hi") * 1 as "change_hi", sum("r"."change_lo") * 1
as "change_lo" from (select dl.dm as month, dl.xm as key, '' as since, 1 as enterprises, (dl.amount_fen) /
1000000000 as change_hi, (dl.amount_fen) % 1000000000 as change_lo from (select l.id, l.amount_fen, (select
min(substr(dd.on_date, 1, 7)) from pledge_loan_events dd where dd.loan_id = l.id and dd.kind = 'default' and
not exists (select 1 from pledge_loan_events live_xe where live_xe.reverses_id = "dd"."id")) as dm,
coalesce((select min(substr(dx.on_date, 1, 7)) from pledge_loan_disposals dx where dx.loan_id = l.id and not
exists (select 1 from pledge_loan_disposal_reversals live_xr where live_xr.disposal_id = "dx"."id")),
'9999-99') as xm from pledge_loans l where 1 = 1 and not exists (select 1 from pledge_loan_reversals live_lr
where live_lr.loan_id = "l"."id") and not exists (select 1 from pledge_reversals live_pr where
live_pr.pledge_id = "l"."pledge_id")) dl where dl.dm is not null union all select dl.dm, dl.xm,
substr("de"."on_date", 1, 7), 0, 0 - (de.amount_fen) / 1000000000, 0 - (de.amount_fen) % 1000000000 from
(select l.id, l.amount_fen, (select min(substr(dd.on_date, 1, 7)) from pledge_loan_events dd where dd.loan_id
= l.id and dd.kind = 'default' and not exists (select 1 from pledge_loan_events live_xe where
live_xe.reverses_id = "dd"."id")) as dm, coalesce((select min(substr(dx.on_date, 1, 7)) from
pledge_loan_disposals dx where dx.loan_id = l.id and not exists (select 1 from pledge_loan_disposal_reversals
live_xr where live_xr.disposal_id = "dx"."id")), '9999-99') as xm from pledge_loans l where 1 = 1 and not
exists (select 1 from pledge_loan_reversals live_lr where live_lr.loan_id = "l"."id") and not exists (select 1
from pledge_reversals live_pr where live_pr.pledge_id = "l"."pledge_id")) dl cross join pledge_loan_events de
where dl.dm is not null and de.loan_id = dl.id and de.kind = 'repayment' and not exists (select 1 from
pledge_loan_events live_xe where live_xe.reverses_id = "de"."id")) r group by r.month, r.key, r.since) g where
true on conflict ("dimension", "month", "key", "since") do update set "enterprises" =
"pledge_month_pairs"."enterprises" + excluded."enterprises", "change_hi" = "pledge_month_pairs"."change_hi" +
excluded."change_hi", "change_lo" = "pledge_month_pairs"."change_lo" + excluded."change_lo"`

/** The build, as text: totals, pairs, then the defaults' pairs. */
export const aggregateBuild: ReadonlyArray<string> = [totals, pairs, defaults]
