"""System accounts become users with the role `system` (accounts 0005); the table that
marked them goes. An inactive client becomes an inactive user: it pulled nothing before and
pulls nothing after."""

from django.db import migrations


def clients_to_system_role(apps, schema_editor):
    ExchangeClient = apps.get_model("exchange", "ExchangeClient")
    Profile = apps.get_model("accounts", "Profile")
    for client in ExchangeClient.objects.select_related("user"):
        user = client.user
        if not Profile.objects.filter(user_id=user.pk).exists():
            # A user who already had a role keeps it (an administrator may pull already).
            Profile.objects.create(user_id=user.pk, role="system")
        user.first_name = user.first_name or client.name[:150]
        user.is_active = user.is_active and client.active
        user.save(update_fields=["first_name", "is_active"])


def system_role_to_clients(apps, schema_editor):
    ExchangeClient = apps.get_model("exchange", "ExchangeClient")
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.filter(role="system").select_related("user"):
        ExchangeClient.objects.create(
            user_id=profile.user_id,
            name=profile.user.first_name or profile.user.username,
            active=profile.user.is_active,
        )
        profile.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("accounts", "0005_system_role"),
    ]

    operations = [
        migrations.RunPython(clients_to_system_role, system_role_to_clients),
        migrations.DeleteModel(name="ExchangeClient"),
    ]
