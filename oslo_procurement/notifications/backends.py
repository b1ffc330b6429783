"""The SMTP backend of the outbox: Django's, with one checkpoint.

``smtplib.sendmail`` says MAIL FROM, RCPT TO and DATA in one call, so a worker that dies
during it leaves no trace of how far it got. This backend says them one by one and calls
the message's ``before_data`` (set by the outbox) after the relay accepted the sender and
the recipient and before the message itself goes out. The outbox records that moment in
the notification's row, which is what tells, after a crash, "the relay never had it, send
again" from "the relay may have it, do not send a second copy" (services.py)."""

import smtplib

from django.core.mail.backends import smtp
from django.core.mail.message import sanitize_address


class EmailBackend(smtp.EmailBackend):
    def _send(self, email_message):
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or "utf-8"
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        body = email_message.message().as_bytes(linesep="\r\n")
        conn = self.connection
        try:
            conn.ehlo_or_helo_if_needed()
            options = [f"size={len(body)}"] if conn.does_esmtp and conn.has_extn("size") else []
            code, reply = conn.mail(from_email, options)
            if code != 250:
                self._abandon(code)
                raise smtplib.SMTPSenderRefused(code, reply, from_email)
            refused = {}
            for recipient in recipients:
                code, reply = conn.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = (code, reply)
                if code == 421:
                    self._abandon(code)
                    raise smtplib.SMTPRecipientsRefused(refused)
            if len(refused) == len(recipients):
                self._abandon(0)
                raise smtplib.SMTPRecipientsRefused(refused)
            before_data = getattr(email_message, "before_data", None)
            if before_data is not None:
                before_data()
            code, reply = conn.data(body)
            if code != 250:
                self._abandon(code)
                raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def _abandon(self, code):
        """After a refusal: reset the transaction, or close on 421 (the relay is closing)."""
        try:
            if code == 421:
                self.connection.close()
            else:
                self.connection.rset()
        except (smtplib.SMTPException, OSError):
            pass
