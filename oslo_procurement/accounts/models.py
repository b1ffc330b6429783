from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
