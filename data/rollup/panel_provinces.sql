-- The 2025 provinces whose households a rollup must recompute: those holding $codes of $scheme
-- (every 2025 province when $codes is null; none when it is empty).
-- grain:   one row per 2025 province code
-- params:  $scheme (text: 'legacy_63' | 'from_2025'), $codes (text[]: province codes of that scheme, or null)
select distinct new_province_code as province_code,
from province_successor
where
    $codes::varchar[] is null
    or ($scheme = 'legacy_63' and legacy_province_code in (select unnest($codes::varchar[])))
    or ($scheme = 'from_2025' and new_province_code in (select unnest($codes::varchar[])))
order by province_code;
