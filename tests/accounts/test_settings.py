from django.urls import reverse


def test_a_supplier_user_chooses_the_daily_digest_and_english(supplier_a_client, supplier_a_user):
    response = supplier_a_client.post(
        reverse("accounts:settings"),
        {"full_name": "Alpha User", "language": "en", "time_zone": "Europe/Oslo", "notification_mode": "daily_digest"},
    )
    assert response.status_code == 302
    supplier_a_user.refresh_from_db()
    assert supplier_a_user.notification_mode == "daily_digest" and supplier_a_user.language == "en"
    page = supplier_a_client.get(reverse("accounts:settings")).content.decode()
    assert "Your settings are saved" in page


def test_settings_need_login(client, db):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_role_cannot_be_changed_from_settings(supplier_a_client, supplier_a_user):
    supplier_a_client.post(
        reverse("accounts:settings"),
        {
            "full_name": "Alpha User",
            "language": "nb",
            "time_zone": "Europe/Oslo",
            "notification_mode": "immediate",
            "role": "admin",
            "is_staff": "on",
        },
    )
    supplier_a_user.refresh_from_db()
    assert supplier_a_user.role == "supplier" and not supplier_a_user.is_staff
