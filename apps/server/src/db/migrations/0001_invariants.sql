-- The audit log is append-only: no update, no delete, no truncate, whoever asks.
-- Nothing is pruned: the profile's retention is a minimum.
CREATE OR REPLACE FUNCTION govsite_audit_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION govsite_audit_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION govsite_audit_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION govsite_audit_immutable();
--> statement-breakpoint
-- A 索引号, once assigned, never changes (it is cited in documents and catalogues).
CREATE OR REPLACE FUNCTION govsite_index_no_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.index_no IS NOT NULL AND NEW.index_no IS DISTINCT FROM OLD.index_no THEN
    RAISE EXCEPTION 'index_no is immutable once assigned (%)', OLD.index_no;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER documents_index_no_immutable BEFORE UPDATE OF index_no ON documents FOR EACH ROW EXECUTE FUNCTION govsite_index_no_immutable();
--> statement-breakpoint
-- Revisions are immutable once written, except for the check results and the signer's override.
CREATE OR REPLACE FUNCTION govsite_revision_immutable() RETURNS trigger AS $$
BEGIN
  IF NEW.fields IS DISTINCT FROM OLD.fields OR NEW.text IS DISTINCT FROM OLD.text OR NEW.document_id IS DISTINCT FROM OLD.document_id OR NEW.number IS DISTINCT FROM OLD.number THEN
    RAISE EXCEPTION 'revisions are immutable';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions FOR EACH ROW EXECUTE FUNCTION govsite_revision_immutable();
