"""The outbox job that produces the final PDF (ordered by ``services.report_pdf_order``)."""

from common.models import User
from common.outbox import job_handler

from .models import AnnualReport
from .services import PRODUCE_PDF, report_pdf_produce


@job_handler(PRODUCE_PDF)
def produce_pdf(*, report_id: int, user_id: int | None = None) -> None:
    report = AnnualReport.objects.filter(pk=report_id).first()
    if report is None:
        return
    try:
        report_pdf_produce(report=report, by=User.objects.filter(pk=user_id).first() if user_id else None)
    except Exception as exc:
        AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.DRAFT).update(
            pdf_state=AnnualReport.PdfState.FAILED, pdf_error=f"Framställningen misslyckades: {exc}"[:2000]
        )
        raise
