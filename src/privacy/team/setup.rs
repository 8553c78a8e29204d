//! Creating a team, inviting a person, joining on a new laptop, and taking the admin's welcome.
//! The first device creates the team and is its first admin; its store's data becomes the
//! team's first snapshot (published by the round `create` runs). A newcomer's laptop writes a
//! join request authenticated with the code; the admin's next round accepts it; the
//! newcomer's next round takes the welcome (keys and roster) and brings everything. Data the
//! newcomer's laptop held before merges into the team as its own changes.

use super::state::{Ctx, save_roster};
use super::{Created, TeamError};
use crate::domain::Instant;
use crate::store::team::{NewMembership, State};
use crate::store::{self, Store};
use crate::team::change::Entity;
use crate::team::folder::{Found, Item, TeamFolder};
use crate::team::invite::{self, InviteCode, InviteSecrets};
use crate::team::keys::{DeviceId, DeviceKeys};
use crate::team::roster::{self, Role};

fn io(e: impl ToString) -> TeamError {
    TeamError::Invalid(e.to_string())
}

/// `rapport team create`: this store becomes the team's, this device its first admin.
pub fn create(
    store: &mut Store,
    name: &str,
    folder: &std::path::Path,
    me: &str,
    now: Instant,
) -> Result<Created, TeamError> {
    if store.read(store::team::membership)?.is_some() {
        return Err(TeamError::Invalid(
            "this store is already in a team: see `rapport team`".into(),
        ));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(TeamError::Invalid(
            "a team needs a name: pass --name".into(),
        ));
    }
    let dir = TeamFolder::create(folder).map_err(io)?;
    let keys = DeviceKeys::generate().map_err(io)?;
    let device = DeviceId::random().map_err(io)?;
    let created = roster::create_team(name, me, device, &keys, now.timestamp()).map_err(io)?;
    let (item, bytes) = &created.entry;
    dir.publish(device, *item, bytes).map_err(io)?;
    let Item::Roster { index } = *item else {
        return Err(TeamError::Invalid(
            "the team's first roster entry is malformed".into(),
        ));
    };
    let files = vec![roster::RosterFile {
        device,
        index,
        bytes: bytes.clone(),
    }];
    let folder_abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let contacts = store.write_bulk(|tx| {
        store::team::join(
            tx,
            &NewMembership {
                team_id: created.anchor.team.0,
                name,
                folder: &folder_abs,
                device_id: device.0,
                member_id: created.member.0,
                device_keys: &keys.to_bytes()[..],
                team_key: Some(created.team_key.as_bytes()),
                state: State::Active,
            },
        )?;
        store::team::add_epoch_key(tx, 0, created.epoch_key.as_bytes())?;
        save_roster(tx, &created.anchor, &created.roster, &files)?;
        Ok::<_, TeamError>(store::changes::record_everything(tx)?)
    })?;
    let round = super::round::round(store, now)?;
    Ok(Created {
        team: created.anchor.team.to_string(),
        device: device.to_string(),
        contacts,
        round,
    })
}

/// `rapport team invite`: a one-time code for `name` with `role` (admins only). The code is
/// returned once and never stored: the store keeps only what recognises the join request.
pub fn invite(
    store: &mut Store,
    name: &str,
    role: Role,
    now: Instant,
) -> Result<zeroize::Zeroizing<String>, TeamError> {
    let ctx = Ctx::load(store)?;
    let Some(v) = ctx.verify(&[]) else {
        return Err(TeamError::NotInTeam);
    };
    let roster = v.roster.ok_or(TeamError::NotInTeam)?;
    if !roster.is_admin_device(ctx.device) {
        return Err(TeamError::Invalid(
            "only an admin can invite: ask one of the team's admins (see `rapport team`)".into(),
        ));
    }
    let (inv, code) = invite::invite(name, role, now.timestamp()).map_err(io)?;
    let json = zeroize::Zeroizing::new(serde_json::to_vec(&inv).map_err(io)?);
    store.write(|tx| store::team::add_invitation(tx, &inv.id.0, &json, inv.expires * 1_000_000))?;
    Ok(code.display())
}

/// `rapport team join`: on the new laptop (its own store created with `rapport init`), writes
/// the join request into the folder. The admin's next round accepts it; this laptop's next
/// round takes the welcome.
pub fn join(
    store: &mut Store,
    folder: &std::path::Path,
    code: &str,
    me: &str,
    now: Instant,
) -> Result<String, TeamError> {
    if store.read(store::team::membership)?.is_some() {
        return Err(TeamError::Invalid(
            "this store is already in a team: see `rapport team`".into(),
        ));
    }
    let code = InviteCode::parse(code).map_err(io)?;
    let dir = TeamFolder::open(folder).map_err(io)?;
    let keys = DeviceKeys::generate().map_err(io)?;
    let device = DeviceId::random().map_err(io)?;
    let pending = invite::join_request(&code, device, &keys, me, now.timestamp()).map_err(io)?;
    dir.publish(device, pending.item, &pending.bytes)
        .map_err(io)?;
    let folder_abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    store.write_bulk(|tx| {
        store::team::join(
            tx,
            &NewMembership {
                team_id: [0; 16],
                name: "",
                folder: &folder_abs,
                device_id: device.0,
                member_id: [0; 16],
                device_keys: &keys.to_bytes()[..],
                team_key: None,
                state: State::Joining,
            },
        )?;
        store::team::set_join_request(tx, &pending.secrets.to_bytes()[..])?;
        // What this laptop held before joining merges into the team as its own changes.
        store::changes::record_everything(tx)?;
        Ok::<_, TeamError>(())
    })?;
    Ok(device.to_string())
}

/// Looks for the admin's welcome; when it opens and the folder's roster confirms it, this
/// device becomes an active member (keys, team key, roster stored). False while waiting.
pub(crate) fn try_welcome(
    store: &mut Store,
    ctx: &Ctx,
    folder: &TeamFolder,
    found: &[Found],
) -> Result<bool, TeamError> {
    let Some(secret) = ctx.me.join_request.as_ref() else {
        return Ok(false);
    };
    let Ok(raw) = <[u8; 80]>::try_from(secret.as_slice()) else {
        return Ok(false);
    };
    let secrets = InviteSecrets::from_bytes(&raw);
    let files = roster::load(folder, found);
    for f in found {
        if f.item != (Item::Welcome { to: ctx.device }) {
            continue;
        }
        let Ok(bytes) = folder.read(f) else { continue };
        let Ok(welcome) = invite::open_welcome(&bytes, &secrets, ctx.device, &ctx.keys) else {
            continue;
        };
        let Ok((r, _)) = welcome.verify_roster(&files, ctx.device) else {
            continue;
        };
        store.write(|tx| {
            store::team::welcomed(
                tx,
                &welcome.anchor.team.0,
                &welcome.member.0,
                welcome.keys.team_key.as_bytes(),
            )?;
            for (e, k) in &welcome.keys.epochs {
                store::team::add_epoch_key(tx, *e, k.as_bytes())?;
            }
            save_roster(tx, &welcome.anchor, &r, &files)?;
            // The team's vocabulary is the admins' (issue 13, roles at merge): a non-admin
            // newcomer's own copy is not published (it would be refused) and the team's
            // version replaces it.
            if r.device_role(ctx.device) != Some(Role::Admin) {
                for e in [
                    Entity::Purpose,
                    Entity::Wording,
                    Entity::Interest,
                    Entity::Outcome,
                    Entity::Industry,
                ] {
                    store::team::forget_own(tx, &ctx.device.0, e)?;
                }
            }
            Ok::<_, TeamError>(())
        })?;
        return Ok(true);
    }
    Ok(false)
}
