from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


def validate_time_zone(value):
    from .zones import is_valid_zone

    if not is_valid_zone(value):
        raise ValidationError(_("Choose a time zone from the list."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by email. The role decides what they may do; supplier users
    are tied to exactly one supplier organisation (suppliers.SupplierMembership) and staff
    to one buyer (contracts.BuyerMembership)."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Procurement officer")
        MANAGER = "manager", _("Manager")
        # A buyer's administrator: that buyer's team, entities, name and logo, on the app's
        # pages. The back office (/admin/) is the installation administrators' only
        # (superusers; accounts.access.back_office_allowed), whatever is_staff says.
        ADMIN = "admin", _("Administrator")
        SUPPLIER = "supplier", _("Supplier user")

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        EN = "en", _("English")

    class NotificationMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Each reminder as its own email")
        DAILY_DIGEST = "daily_digest", _("One summary email a day")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.NB)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Oslo",
        validators=[validate_time_zone],
        help_text=_("Times are shown in this zone, on the pages and in your emails."),
    )
    notification_mode = models.CharField(
        _("reminder emails"),
        max_length=15,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
        help_text=_("Deadline reminders one by one, or bundled into one email a day."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised by "log out everywhere": every session started before carries an older number.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_role_valid",
                condition=models.Q(role__in=["officer", "manager", "admin", "supplier"]),
            ),
            # A supplier user never gets into the back office.
            models.CheckConstraint(
                name="user_supplier_not_staff",
                condition=~models.Q(role="supplier", is_staff=True),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_buyer_staff(self):
        """Officers, managers and administrators: the buyer's own people."""
        return self.is_active and self.role in (self.Role.OFFICER, self.Role.MANAGER, self.Role.ADMIN)

    @property
    def can_edit(self):
        """Managers read everything and change nothing."""
        return self.is_active and self.role in (self.Role.OFFICER, self.Role.ADMIN)

    @property
    def is_supplier_user(self):
        return self.is_active and self.role == self.Role.SUPPLIER

    @property
    def needs_two_factor(self):
        """Officers, managers and administrators must use a second factor (when the
        installation requires it); supplier users may choose to."""
        return self.role != self.Role.SUPPLIER and settings.OTP_REQUIRED_FOR_STAFF


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's set of single-use recovery codes, for when the authenticator app is lost.
    A django-otp device, so a recovery code verifies a session like a TOTP code does; the
    codes are stored hashed (django-otp's own static device keeps them in plain text)."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        from django.contrib.auth.hashers import check_password

        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        code = normalise_recovery_code(token)
        match = None
        if len(code) == RECOVERY_CODE_LENGTH:
            for candidate in self.codes.filter(used_at__isnull=True, lookup=code[:RECOVERY_LOOKUP_LENGTH]):
                if check_password(code[RECOVERY_LOOKUP_LENGTH:], candidate.code_hash):
                    match = candidate
                    break
        if match is None:
            self.throttle_increment()
            return False
        # Single use: only the request that flips used_at from NULL wins.
        if not RecoveryCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=timezone.now()):
            self.throttle_increment()
            return False
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()


RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE_LENGTH = 12  # about 59 bits
RECOVERY_LOOKUP_LENGTH = 4  # stored in clear to find the row; the rest only as a hash


def normalise_recovery_code(value):
    return "".join(ch for ch in str(value).lower() if ch.isalnum())


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=RECOVERY_LOOKUP_LENGTH)
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        indexes = [
            # Verifying a code: WHERE device_id=? AND used_at IS NULL AND lookup=?
            models.Index(fields=["device", "lookup"], name="recovery_code_lookup_idx"),
        ]

    def __str__(self):
        return f"{self.lookup}… ({'used' if self.used_at else 'unused'})"
