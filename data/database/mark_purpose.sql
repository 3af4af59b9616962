-- Whether the file is the demo (synthetic households: anyone may try a load when no account exists) or a
-- department's database (loads need an account, gnbv/ui/auth.py).
-- grain:   one row of data_source
-- params:  $purpose (text: 'demo' | 'department')
insert or replace into data_source
select
    'purpose' as key,
    $purpose as value;
