//! The page's list of cards: each card a person's choice and the city the server resolved
//! its key to, and the edits a person makes to the list (add, remove, rename, move, make
//! home, set hours). Every edit gives a new list, which becomes the page's new URL: the
//! URL is the state, so an edit is a navigation and back undoes it.
//!
//! The home card is always first: nothing moves before it, and it does not move.

use super::locale::Messages;
use super::{
    card_choice::{CardChoice, HoursChoice},
    card_name::CardName,
    city::CityLabel,
};

/// One card on the page: what the person chose, and the city its key stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownCard {
    /// The choice, its key the city's own (`1275339` becomes `mumbai-in`), so the URLs
    /// the page writes name cities one way.
    pub choice: CardChoice,
    /// The city the key stands for.
    pub city: CityLabel,
}

impl ShownCard {
    /// What tells two cards apart ([`CardChoice::identity`]): the city and the name.
    pub fn identity(&self) -> String {
        self.choice.identity()
    }

    /// How the page names the card: the person's name for it, else `Berlin, Germany`.
    pub fn title(&self) -> String {
        match &self.choice.name {
            Some(name) => name.as_str().to_owned(),
            None => self.city.short_name(),
        }
    }

    /// How a time on the card's clock is placed in words: `in London, United Kingdom`, or
    /// for a named card `for Anna`.
    pub fn clock_phrase(&self, words: &Messages) -> String {
        match &self.choice.name {
            Some(name) => words.clock_for(name),
            None => words.clock_in(self.city.short_name()),
        }
    }

    /// An id for the card's heading, unique on the page and free of spaces (an
    /// `aria-labelledby` is a list of ids): `card-Asia-Seoul`, and for a named card a hash
    /// of the name after it, `card-berlin-de-5b0c9a3e`.
    pub fn heading_id(&self) -> String {
        let key = self.city.key.replace(['/', '+'], "-");
        match &self.choice.name {
            Some(name) => format!("card-{key}-{:08x}", fnv1a(name.as_str())),
            None => format!("card-{key}"),
        }
    }
}

/// The cards of `choices` whose keys `city_of` knows, in order, each card once; a key the
/// server does not know is left out (the page says so in its own notice).
pub fn shown_cards(
    choices: &[CardChoice],
    city_of: impl Fn(&str) -> Option<CityLabel>,
) -> Vec<ShownCard> {
    let mut shown: Vec<ShownCard> = Vec::new();
    for choice in choices {
        let Some(city) = city_of(&choice.key) else {
            continue;
        };
        let card = ShownCard {
            choice: CardChoice {
                key: city.key.clone(),
                ..choice.clone()
            },
            city,
        };
        if !shown
            .iter()
            .any(|known| known.identity() == card.identity())
        {
            shown.push(card);
        }
    }
    shown
}

/// The choices of `cards`, in order: what the page's URLs are made of.
pub fn choices_of(cards: &[ShownCard]) -> Vec<CardChoice> {
    cards.iter().map(|card| card.choice.clone()).collect()
}

/// The first position a card may move to: after the home card, if there is one.
fn first_movable(cards: &[CardChoice]) -> usize {
    usize::from(cards.first().is_some_and(|card| card.home))
}

/// `cards` with the card at `from` moved to position `to` (both counted from 0; `to` is
/// kept after the home card and inside the list); `None` when that moves nothing, or the
/// card is the home card.
pub fn moved(cards: &[CardChoice], from: usize, to: usize) -> Option<Vec<CardChoice>> {
    let first = first_movable(cards);
    if from < first || from >= cards.len() {
        return None;
    }
    let to = to.clamp(first, cards.len() - 1);
    if to == from {
        return None;
    }
    let mut cards = cards.to_vec();
    let card = cards.remove(from);
    cards.insert(to, card);
    Some(cards)
}

/// `cards` with the card at `index` moved one place left (`-1`) or right (`1`); `None`
/// when it cannot go that way.
pub fn moved_by(cards: &[CardChoice], index: usize, step: isize) -> Option<Vec<CardChoice>> {
    let to = index.checked_add_signed(step)?;
    if to < first_movable(cards) || to >= cards.len() {
        return None;
    }
    moved(cards, index, to)
}

/// `cards` with the card at `index` made home (first, and the only home) or, with `home`
/// false, no longer home (it keeps its place).
pub fn with_home(cards: &[CardChoice], index: usize, home: bool) -> Vec<CardChoice> {
    let mut cards = cards.to_vec();
    if index >= cards.len() {
        return cards;
    }
    if !home {
        cards[index].home = false;
        return cards;
    }
    for card in &mut cards {
        card.home = false;
    }
    let mut card = cards.remove(index);
    card.home = true;
    cards.insert(0, card);
    cards
}

/// `cards` with the card at `index` named `name` (`None`: the city's own name again). A
/// name that makes it the same card as another leaves one of the two.
pub fn renamed(cards: &[CardChoice], index: usize, name: Option<CardName>) -> Vec<CardChoice> {
    let mut cards = cards.to_vec();
    if let Some(card) = cards.get_mut(index) {
        card.name = name;
    }
    let mut kept: Vec<CardChoice> = Vec::with_capacity(cards.len());
    for card in cards {
        let same = |known: &CardChoice| {
            known.key.eq_ignore_ascii_case(&card.key) && known.name == card.name
        };
        if !kept.iter().any(same) {
            kept.push(card);
        }
    }
    kept
}

/// `cards` with the card at `index` working `hours` (`None`: the planner's standard).
pub fn with_hours(
    cards: &[CardChoice],
    index: usize,
    hours: Option<HoursChoice>,
) -> Vec<CardChoice> {
    let mut cards = cards.to_vec();
    if let Some(card) = cards.get_mut(index) {
        card.hours = hours;
    }
    cards
}

/// `cards` without the card at `index`.
pub fn without(cards: &[CardChoice], index: usize) -> Vec<CardChoice> {
    let mut cards = cards.to_vec();
    if index < cards.len() {
        cards.remove(index);
    }
    cards
}

/// A change of one card that a button of it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardEdit {
    /// One place left.
    Left,
    /// One place right.
    Right,
    /// Home, or no longer home.
    ToggleHome,
    /// Off the page.
    Remove,
}

/// `cards` after `edit` of the card whose identity is `identity`; `None` when the card is
/// not there or the edit changes nothing (a move past an end).
pub fn edited(cards: &[CardChoice], identity: &str, edit: CardEdit) -> Option<Vec<CardChoice>> {
    let index = cards.iter().position(|card| card.identity() == identity)?;
    match edit {
        CardEdit::Left => moved_by(cards, index, -1),
        CardEdit::Right => moved_by(cards, index, 1),
        CardEdit::ToggleHome => Some(with_home(cards, index, !cards[index].home)),
        CardEdit::Remove => Some(without(cards, index)),
    }
}

/// What the page's live region says after a move: `Anna moved to position 2 of 6`.
pub fn move_announcement(title: &str, index: usize, count: usize, words: &Messages) -> String {
    words.card_moved(title, index + 1, count)
}

/// FNV-1a, 32 bits: a short, stable fingerprint of a name for an element's id (not a
/// secret, and a clash only makes two ids equal on one page, which two names rarely do).
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash: u32, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    const EN: &Messages = Language::English.messages();
    const KO: &Messages = Language::Korean.messages();
    use crate::model::{cards_url_text, parse_cards};

    fn list(text: &str) -> Vec<CardChoice> {
        parse_cards(text).0
    }

    fn text(cards: &[CardChoice]) -> String {
        cards_url_text(cards)
    }

    fn city(key: &str) -> CityLabel {
        CityLabel {
            key: key.into(),
            name: "Berlin".into(),
            region: None,
            country: Some("Germany".into()),
            zone: "Europe/Berlin".into(),
        }
    }

    #[test]
    fn cards_resolve_to_their_citys_key_and_unknown_keys_are_left_out() {
        let choices = list("BERLIN-DE~Anna,10178~Anna,berlin-de,atlantis,10178~Ben");
        let shown = shown_cards(&choices, |key| match key {
            "BERLIN-DE" | "berlin-de" | "10178" => Some(city("berlin-de")),
            _ => None,
        });
        let ids: Vec<String> = shown.iter().map(ShownCard::identity).collect();
        assert_eq!(ids, ["berlin-de~Anna", "berlin-de", "berlin-de~Ben"]);
        assert_eq!(shown[0].choice.key, "berlin-de");
        assert_eq!(shown[0].title(), "Anna");
        assert_eq!(shown[1].title(), "Berlin, Germany");
        assert_eq!(shown[0].clock_phrase(EN), "for Anna");
        assert_eq!(shown[1].clock_phrase(EN), "in Berlin, Germany");
        assert_eq!(shown[1].clock_phrase(KO), "Berlin, Germany 기준");
        assert_eq!(
            text(&choices_of(&shown)),
            "berlin-de~Anna,berlin-de,berlin-de~Ben"
        );
    }

    #[test]
    fn heading_ids_are_unique_per_card_and_have_no_spaces() {
        let shown = shown_cards(&list("berlin-de~Anna B,berlin-de~Ben,berlin-de"), |_| {
            Some(city("berlin-de"))
        });
        let ids: Vec<String> = shown.iter().map(ShownCard::heading_id).collect();
        assert_eq!(ids[2], "card-berlin-de");
        assert!(ids[0].starts_with("card-berlin-de-") && ids[0] != ids[1]);
        assert!(ids.iter().all(|id| !id.contains(char::is_whitespace)));
        let zone = CityLabel::of_zone("Etc/GMT+5");
        let bare = shown_cards(&list("Etc/GMT+5"), |_| Some(zone.clone()));
        assert_eq!(bare[0].heading_id(), "card-Etc-GMT-5");
    }

    #[test]
    fn moves_stay_inside_the_list_and_after_home() {
        let cards = list("*a,b,c,d");
        assert_eq!(text(&moved_by(&cards, 1, 1).unwrap()), "*a,c,b,d");
        assert_eq!(text(&moved_by(&cards, 3, -1).unwrap()), "*a,b,d,c");
        assert_eq!(moved_by(&cards, 1, -1), None, "nothing goes before home");
        assert_eq!(moved_by(&cards, 3, 1), None, "nothing goes past the end");
        assert_eq!(moved_by(&cards, 0, 1), None, "home does not move");
        assert_eq!(text(&moved(&cards, 3, 0).unwrap()), "*a,d,b,c");
        assert_eq!(text(&moved(&cards, 1, 99).unwrap()), "*a,c,d,b");
        assert_eq!(moved(&cards, 2, 2), None);
        let plain = list("a,b,c");
        assert_eq!(text(&moved_by(&plain, 1, -1).unwrap()), "b,a,c");
        assert_eq!(text(&moved(&plain, 2, 0).unwrap()), "c,a,b");
    }

    #[test]
    fn one_card_is_home_and_comes_first() {
        let cards = list("a,b~Anna,c");
        let home = with_home(&cards, 1, true);
        assert_eq!(text(&home), "*b~Anna,a,c");
        let other = with_home(&home, 2, true);
        assert_eq!(text(&other), "*c,b~Anna,a");
        assert_eq!(text(&with_home(&other, 0, false)), "c,b~Anna,a");
        assert_eq!(text(&with_home(&cards, 9, true)), "a,b~Anna,c");
    }

    #[test]
    fn renaming_sets_or_clears_the_name_and_never_makes_two_of_one_card() {
        let cards = list("a,b~Anna,b");
        let anna = CardName::parse("Ann <b>").unwrap();
        assert_eq!(text(&renamed(&cards, 0, Some(anna))), "a~Ann <b>,b~Anna,b");
        assert_eq!(text(&renamed(&cards, 1, None)), "a,b");
        let ben = CardName::parse("Ben").unwrap();
        assert_eq!(text(&renamed(&cards, 2, Some(ben))), "a,b~Anna,b~Ben");
    }

    #[test]
    fn hours_are_set_and_reset_and_cards_removed() {
        let cards = list("a,b");
        let night = list("x@2200-0600/su-th")[0].hours;
        let set = with_hours(&cards, 1, night);
        assert_eq!(text(&set), "a,b@2200-0600/su-th");
        assert_eq!(text(&with_hours(&set, 1, None)), "a,b");
        assert_eq!(text(&without(&set, 0)), "b@2200-0600/su-th");
        assert_eq!(text(&without(&set, 5)), "a,b@2200-0600/su-th");
    }

    #[test]
    fn a_buttons_edit_finds_its_card_by_identity() {
        let cards = list("*a,b~Anna,B,c");
        let edit =
            |identity: &str, edit: CardEdit| edited(&cards, identity, edit).map(|c| text(&c));
        assert_eq!(edit("b", CardEdit::Right).as_deref(), Some("*a,b~Anna,c,B"));
        assert_eq!(edit("b~Anna", CardEdit::Left), None);
        assert_eq!(
            edit("b~Anna", CardEdit::ToggleHome).as_deref(),
            Some("*b~Anna,a,B,c")
        );
        assert_eq!(
            edit("a", CardEdit::ToggleHome).as_deref(),
            Some("a,b~Anna,B,c")
        );
        assert_eq!(edit("c", CardEdit::Remove).as_deref(), Some("*a,b~Anna,B"));
        assert_eq!(edit("nowhere", CardEdit::Remove), None);
    }

    #[test]
    fn a_move_is_announced_from_one() {
        assert_eq!(
            move_announcement("Anna", 1, 6, EN),
            "Anna moved to position 2 of 6"
        );
    }
}
