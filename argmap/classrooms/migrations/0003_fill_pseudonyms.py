"""Give every existing member a pseudonym, unique in their class."""

from __future__ import annotations

from django.db import migrations


def fill(apps, schema_editor):
    from argmap.classrooms.pseudonyms import new_pseudonym

    Membership = apps.get_model("classrooms", "Membership")
    taken: dict[int, set[str]] = {}
    for membership in Membership.objects.filter(pseudonym="").order_by("id"):
        used = taken.setdefault(
            membership.classroom_id,
            set(Membership.objects.filter(classroom_id=membership.classroom_id).values_list("pseudonym", flat=True)),
        )
        membership.pseudonym = new_pseudonym(used)
        used.add(membership.pseudonym)
        membership.save(update_fields=["pseudonym"])


class Migration(migrations.Migration):
    dependencies = [("classrooms", "0002_membership_pseudonym")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
