//! The quickstart's v4 step: the advertised lettings of one branch, each with its photos
//! (every list paged in the path, `/{offset}/{count}`), and one photo downloaded through the
//! key, as a property website's import does it.

use std::io::Write;

use agentos_runtime::Client;
use futures_util::TryStreamExt;

use super::{QuickstartError, failed};
use crate::agentos::advertising;

/// How many of the branch's lettings the tour shows with their photos: each costs one
/// request, and the tour stays well inside the 50 requests a key may send per minute.
pub const SHOWN_LETTINGS: usize = 5;

/// What the step found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lettings {
    /// The branch whose lettings were listed.
    pub branch: String,
    /// Its advertised lettings.
    pub lettings: usize,
    /// Photos of the lettings shown.
    pub photos: usize,
    /// The downloaded photo's content type and size, when a letting had a photo.
    pub downloaded: Option<(String, usize)>,
}

/// Lists one branch's advertised lettings (the branch of the first letting advertised), the
/// photos of the first [`SHOWN_LETTINGS`] of them, and downloads the first photo.
pub(super) async fn tour(
    client: &Client,
    out: &mut dyn Write,
) -> Result<Lettings, QuickstartError> {
    let first = client
        .get(&advertising::GetAdvertisedLettings::new().page(0, 1))
        .await
        .map_err(failed("listing the advertised lettings"))?
        .into_items();
    let Some(branch) = first.into_iter().find_map(|letting| letting.branch_oid) else {
        writeln!(out, "   no letting is advertised")?;
        return Ok(Lettings {
            branch: String::new(),
            lettings: 0,
            photos: 0,
            downloaded: None,
        });
    };
    let lettings: Vec<_> = client
        .items(advertising::GetAdvertisedLettings::new().branch_id(&branch))
        .try_collect()
        .await
        .map_err(failed("listing the branch's lettings"))?;
    writeln!(
        out,
        "   branch {branch}: {} advertised lettings; the photos of the first {}:",
        lettings.len(),
        SHOWN_LETTINGS.min(lettings.len())
    )?;
    let mut photos = 0;
    let mut first_photo = None;
    for letting in lettings.iter().take(SHOWN_LETTINGS) {
        let address = [&letting.address1, &letting.address2, &letting.postcode]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let Some(property) = &letting.property_id else {
            writeln!(out, "   - {address}: no property id")?;
            continue;
        };
        let property_photos: Vec<_> = client
            .items(advertising::GetLettingsPropertyPhotos::new(property))
            .try_collect()
            .await
            .map_err(failed("listing a property's photos"))?;
        let rent = letting
            .rent_advertised
            .map_or_else(|| "rent not given".to_owned(), |r| format!("£{r:.0}"));
        writeln!(
            out,
            "   - {address} ({rent}): {} photos",
            property_photos.len()
        )?;
        photos += property_photos.len();
        if first_photo.is_none() {
            first_photo = property_photos.into_iter().find_map(|p| p.oid);
        }
    }
    let downloaded = match first_photo {
        Some(photo) => {
            let image = client
                .get(&advertising::DownloadPhoto::new(&photo))
                .await
                .map_err(failed("downloading a photo"))?;
            let content_type = image.content_type.clone().unwrap_or_default();
            writeln!(
                out,
                "   downloaded photo {photo}: {} bytes of {content_type}",
                image.bytes.len()
            )?;
            Some((content_type, image.bytes.len()))
        }
        None => None,
    };
    Ok(Lettings {
        branch,
        lettings: lettings.len(),
        photos,
        downloaded,
    })
}
