"""What a final annual report says never changes (PostgreSQL refuses it; no-ops elsewhere).

- A final report keeps its PDF, its registered document, its figures and its texts; only the decision
  (status final → decided, date, reference) may be added. A decided report changes no more at all.
- A final report is never deleted; section versions are never changed or deleted.
- Sections and activity rows of a final report cannot be added, changed or removed.
"""

from django.db import migrations

from common.immutable import RefuseDelete, RefuseInsert, RefuseUpdate

NOT_DRAFT = "EXISTS (SELECT 1 FROM annual_annualreport r WHERE r.id = {row}.report_id AND r.status <> 'draft')"
LOCKED = "Årsredovisningen är slutlig och kan inte ändras. Rättelser görs i en ny upplaga."


class Migration(migrations.Migration):
    dependencies = [("annual", "0001_initial"), ("common", "0001_initial")]

    operations = [
        RefuseUpdate(
            "annual.AnnualReport",
            name="annualreport_final",
            when="OLD.status = 'final'",
            except_columns=["status", "decided_on", "decision_reference", "updated_at"],
            message=LOCKED,
        ),
        RefuseUpdate(
            "annual.AnnualReport",
            name="annualreport_decided",
            when="OLD.status = 'decided'",
            except_columns=["updated_at"],
            message="En beslutad årsredovisning kan inte ändras. Rättelser görs i en ny upplaga.",
        ),
        RefuseDelete(
            "annual.AnnualReport",
            name="annualreport_final_kept",
            when="OLD.status <> 'draft'",
            message="En slutlig årsredovisning tas aldrig bort.",
        ),
        RefuseUpdate("annual.SectionVersion", name="sectionversion", message="En sparad version ändras aldrig."),
        RefuseDelete("annual.SectionVersion", name="sectionversion_kept", message="En sparad version tas aldrig bort."),
        RefuseUpdate("annual.Section", name="section_final", when=NOT_DRAFT.format(row="OLD"), message=LOCKED),
        RefuseDelete("annual.Section", name="section_final_kept", when=NOT_DRAFT.format(row="OLD"), message=LOCKED),
        RefuseInsert("annual.Section", name="section_final_new", when=NOT_DRAFT.format(row="NEW"), message=LOCKED),
        RefuseUpdate("annual.Activity", name="activity_final", when=NOT_DRAFT.format(row="OLD"), message=LOCKED),
        RefuseDelete("annual.Activity", name="activity_final_kept", when=NOT_DRAFT.format(row="OLD"), message=LOCKED),
        RefuseInsert("annual.Activity", name="activity_final_new", when=NOT_DRAFT.format(row="NEW"), message=LOCKED),
    ]
