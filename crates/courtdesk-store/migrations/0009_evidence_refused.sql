-- An evidence record the court refused for good (a signature, chain or
-- delivery state the server will never accept) is kept with the court's
-- reason and no longer sent: resending it cannot succeed, and a kiosk must
-- not retry it forever. The record itself stays, as evidence of what the
-- kiosk signed.
ALTER TABLE delivery_evidence ADD COLUMN refused_code TEXT;
ALTER TABLE delivery_evidence ADD COLUMN refused_at_ms INTEGER;
