-- Append one event to the audit trail.
-- grain:   one new row of audit_log
-- params:  $at (timestamp), $account (text), $address (text), $event (text), $result (text),
--          $detail (text: JSON)
insert into audit_log
select
    coalesce(max(event_id), 0) + 1 as event_id,
    $at as occurred_at,
    $account as account,
    $address as client_address,
    $event as event,
    $result as result,
    $detail as detail,
from audit_log
