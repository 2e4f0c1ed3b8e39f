#!/bin/sh
# Recipient groups: <to group="towns-streets"/> (各镇人民政府、街道办事处) and an open group
# (各有关单位); the rules see the members, the slip prints the group's name; docsubmit
# init takes repeated --to/--cc/--involves and refuses units and groups the config lacks.
. "$(dirname "$0")/lib.sh"
keys
cp -r "$EX/docroute" "$T/cfg0"
sed -i 's/^  concerned: {name: 各有关单位, open: true}/&\n  superiors: {name: 上级机关, members: [{unit: district-gov}, {unit: city-gov}]}/' "$T/cfg0/config.yaml"
expect 0 "$DOCROUTE" init "$T/r" --from "$T/cfg0" --test-clock
cd "$T/r" || exit 1
expect 0 "$DOCSUBMIT" init --type notice --drafter emergency --issuer district-gov \
    --to towns-streets --to departments --to concerned --cc district-committee \
    --involves water --involves housing
out_has '<to group="towns-streets"/>'
out_has '<to group="departments"/>'
out_has '<to group="concerned"/>'
out_has '<cc unit="district-committee"/>'
out_has '<involves unit="water"/>'
out_has '<involves unit="housing"/>'
expect 2 "$DOCSUBMIT" init --type notice --drafter emergency --to nowhere
err_has "--to 'nowhere': not a unit or group of the config"
expect 2 "$DOCSUBMIT" init --type notice --drafter nobody
err_has "'nobody' is not a unit of the config"

# The flood notice to the group: the rules and the route see the towns and streets.
sed 's#<to unit="town-fenghuang"/>#<to group="towns-streets"/><to group="concerned"/>#; /<to unit="street-/d' \
    "$EX/drafts/flood-notice.xml" >"$T/notice.xml"
cp "$EX/drafts/flood-notice.md" "$T/"
expect 0 "$DOCSUBMIT" check "$T/notice.xml"
submit_at 2026-11-02T09:00:00+08:00 "$T/notice.xml" p-chen
at 2026-11-02T09:10:00+08:00 expect 0 "$DOCROUTE" render "$id" -o "$T/slip.html"
grep -q "各镇人民政府、街道办事处、各有关单位" "$T/slip.html" || fail "the slip prints the groups' names"
checks=$((checks + 1))
expect 0 "$DOCROUTE" check --all
# A department's directive to the towns' group: R65 sees the members.
sed 's#<issuer unit="district-gov"/>#<issuer unit="emergency"/>#' "$T/notice.xml" >"$T/dept.xml"
finding R65-NO-DIRECTIVE-DOWN "$T/dept.xml"
# An upward document to a group is 多头报文.
sed 's#<to unit="district-gov"/>#<to group="superiors"/>#' "$EX/drafts/budget-request.xml" >"$T/up.xml"
cp "$EX/drafts/budget-request.md" "$T/"
finding R59-SINGLE-RECIPIENT "$T/up.xml"
# A group the config does not declare.
sed 's#<to group="towns-streets"/>#<to group="nosuch"/>#' "$T/notice.xml" >"$T/nosuch.xml"
finding ENV-SCHEMA "$T/nosuch.xml"
grep -q 'names a group the config does not declare' "$T/out" || fail "names the group"

# Groups are validated with the config.
cp -r "$EX/docroute" "$T/cfg"
sed -i 's/members: \[{kind: town}, {kind: street}\]/members: [{kind: galaxy}]/' "$T/cfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad" --from "$T/cfg"
err_has "group 'towns-streets' names the unknown unit kind 'galaxy'"
done_ok
