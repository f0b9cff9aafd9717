-- Flyway callback: after every `vigia migrate`, grants and row-level security (V11) reach every table,
-- including those a later migration added. Idempotent.
SELECT vigia_apply_security();
