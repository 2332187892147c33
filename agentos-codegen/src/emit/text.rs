//! The writer of generated source: formatted text, written directly.
//!
//! The generated code used to go `quote!` -> `syn` -> `prettyplease`; parsing our own tokens
//! back and printing them took three quarters of the generator's time (docs/PERFORMANCE.md,
//! section 1). The emitter now writes the text in the layout prettyplease gives it, line by
//! line, so the output is unchanged (byte for byte) and nothing is parsed.
//!
//! Most lines of the output have one layout whatever their length; the few constructs
//! prettyplease breaks when they do not fit are written by the methods below, with its rules
//! (a line of at most [`MARGIN`] columns stays whole; a struct literal is written on one line
//! only up to [`STRUCT_LITERAL_WIDTH`]). Any other line past the margin is *unsure*: it is
//! then formatted by prettyplease itself, so the output never depends on a guess about how it
//! breaks something rarer (a long pattern, call or type). prettyplease is handed the smallest
//! unit whose layout does not depend on what surrounds it: a statement ([`Code::statement`])
//! or a match arm ([`Code::arm`]), each of which it ends with a hard break, or an `impl`
//! header ([`Code::open_impl`]); any other unsure line, its whole item ([`Code::item`]).
//! Formatting whole items made the few items holding such a line (a long query parameter, a
//! long enum value in a `match` of 200 arms) most of emit's instructions on the published
//! documents (docs/PERFORMANCE.md, section 1).

/// prettyplease's margin: the widest a line may be before it breaks what it can.
const MARGIN: usize = 89;

/// The least room prettyplease gives a line, however deep it is indented (so a deeply nested
/// line may pass the margin).
const MIN_SPACE: usize = 60;

/// prettyplease's widest struct literal written on one line (`Self { a, b }`).
const STRUCT_LITERAL_WIDTH: usize = 34;

/// How close to the margin an arm with several patterns is left to prettyplease, which leaves
/// the arm's trailing comma out of its measure.
const SLACK: usize = 4;

/// One indentation level.
const INDENT: &str = "    ";

/// Formatted Rust source being written, at a nesting depth.
#[derive(Debug)]
pub(crate) struct Code {
    out: String,
    depth: usize,
    /// Set when a line of the current item may be laid out otherwise by prettyplease. Read
    /// only by [`Code::item`]: the lines a module writes around its items (its doc, its
    /// attributes, `pub mod x {`) have nothing prettyplease could break.
    unsure: bool,
}

impl Code {
    /// An empty text whose first lines are at `depth`.
    pub(crate) fn at(depth: usize) -> Self {
        Self {
            out: String::new(),
            depth,
            unsure: false,
        }
    }

    /// The text written.
    pub(crate) fn into_string(self) -> String {
        self.out
    }

    /// The room a line has here, after its indentation.
    fn space(&self) -> usize {
        MARGIN
            .saturating_sub(self.depth * INDENT.len())
            .max(MIN_SPACE)
    }

    /// Whether `text` fits on one line here.
    pub(crate) fn fits(&self, text: &str) -> bool {
        text.len() <= self.space()
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// A line whose layout cannot change: a doc comment, an attribute or a signature written
    /// as prettyplease prints it, a string constant (prettyplease never breaks those).
    pub(crate) fn fixed(&mut self, text: &str) {
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line prettyplease keeps whole when it fits (every line of the output ends in a hard
    /// break, so a line within the margin leaves it nothing to break), and breaks in ways this
    /// writer does not model when it does not: such a line marks the item unsure.
    pub(crate) fn line(&mut self, text: &str) {
        if !self.fits(text) {
            self.unsure = true;
        }
        self.fixed(text);
    }

    /// A line opening a block (`impl X {`): written, then one level deeper.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    /// A line closing a block (`}`): one level shallower, then written.
    pub(crate) fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.fixed(text);
    }

    /// `/// line` for each line of a doc (`///` alone for an empty one), trailing spaces
    /// trimmed, as prettyplease prints `#[doc = ".."]`.
    pub(crate) fn doc_lines<'a>(&mut self, lines: impl IntoIterator<Item = &'a str>) {
        for line in lines {
            self.indent();
            self.out.push_str("///");
            let line = line.trim_end_matches(' ');
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
    }

    /// `head(a, b, c)tail` on one line when it fits, else one item per line (with a trailing
    /// comma when `trailing_comma`) between `head(` and `)tail`: how prettyplease lays out a
    /// function's parameters and an attribute's arguments.
    pub(crate) fn list(
        &mut self,
        head: &str,
        items: &[impl AsRef<str>],
        tail: &str,
        trailing_comma: bool,
    ) {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        // Written piece by piece: every signature and attribute list goes through here, and
        // `format!` with a `join` allocated twice and went through `fmt` for each.
        let width: usize = items.iter().map(|item| item.len() + 2).sum();
        let mut flat = String::with_capacity(head.len() + width + tail.len() + 2);
        flat.push_str(head);
        flat.push('(');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                flat.push_str(", ");
            }
            flat.push_str(item);
        }
        flat.push(')');
        flat.push_str(tail);
        if items.is_empty() || self.fits(&flat) {
            self.fixed(&flat);
            return;
        }
        self.line(&format!("{head}("));
        self.depth += 1;
        let last = items.len() - 1;
        for (i, item) in items.iter().enumerate() {
            let comma = if i < last || trailing_comma { "," } else { "" };
            self.line(&format!("{item}{comma}"));
        }
        self.depth -= 1;
        // Past the margin, prettyplease breaks the return type's generic arguments too.
        self.line(&format!("){tail}"));
    }

    /// A method chain `receiver.a().b()` followed by `end`: on one line when it fits, else
    /// each call on a line of its own, one level deeper; the first call stays beside a
    /// receiver that is a name of at most four characters (`path.literal(..)`), as
    /// prettyplease keeps it.
    pub(crate) fn chain(&mut self, receiver: &str, calls: &[String], end: &str) {
        let flat = format!("{receiver}{}{end}", calls.concat());
        // A single call past the margin breaks inside its arguments, if anywhere: left to
        // prettyplease (the line marks the item unsure).
        if calls.len() < 2 || self.fits(&flat) {
            self.line(&flat);
            return;
        }
        let short = receiver.len() <= INDENT.len()
            && receiver
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        let rest = if short {
            self.line(&format!("{receiver}{}", calls[0]));
            &calls[1..]
        } else {
            self.line(receiver);
            calls
        };
        self.depth += 1;
        let last = rest.len().saturating_sub(1);
        for (i, call) in rest.iter().enumerate() {
            let end = if i == last { end } else { "" };
            self.line(&format!("{call}{end}"));
        }
        self.depth -= 1;
    }

    /// `head{A, B, C};` on one line when it fits, else the names filled into lines one level
    /// deeper (as many as fit on each, each followed by a comma) between `head{` and `};`: how
    /// prettyplease lays out a `use` of a list of names.
    pub(crate) fn use_list(&mut self, head: &str, names: &[&str]) {
        if let [one] = names {
            self.fixed(&format!("{head}{one};"));
            return;
        }
        let flat = format!("{head}{{{}}};", names.join(", "));
        if self.fits(&flat) {
            self.fixed(&flat);
            return;
        }
        self.fixed(&format!("{head}{{"));
        self.depth += 1;
        let space = self.space();
        let mut line = String::new();
        for name in names {
            if !line.is_empty() && line.len() + 1 + name.len() + 1 > space {
                self.fixed(&line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(name);
            line.push(',');
        }
        if !line.is_empty() {
            self.fixed(&line);
        }
        self.depth -= 1;
        self.fixed("};");
    }

    /// A function's signature (`head(params)tail`, laid out as [`Code::list`] does, with a
    /// trailing comma when broken), then one level deeper for its body.
    pub(crate) fn function(&mut self, head: &str, params: &[impl AsRef<str>], tail: &str) {
        self.list(head, params, tail, true);
        self.depth += 1;
    }

    /// A struct literal `path { a, b: c }` followed by `end`: on one line when it fits and is
    /// at most [`STRUCT_LITERAL_WIDTH`] wide, else one field per line with trailing commas.
    pub(crate) fn struct_literal(&mut self, path: &str, fields: &[String], end: &str) {
        if fields.is_empty() {
            self.line(&format!("{path} {{}}{end}"));
            return;
        }
        let literal = format!("{path} {{ {} }}", fields.join(", "));
        if literal.len() <= STRUCT_LITERAL_WIDTH && self.fits(&format!("{literal}{end}")) {
            self.line(&format!("{literal}{end}"));
            return;
        }
        self.open(&format!("{path} {{"));
        for field in fields {
            self.line(&format!("{field},"));
        }
        self.close(&format!("}}{end}"));
    }

    /// `first | second | ...suffix` on one line when it fits, else each alternative after the
    /// first on a line of its own beginning with `| `: how prettyplease lays out a match arm
    /// with several patterns.
    pub(crate) fn alternatives(&mut self, patterns: &[String], suffix: &str) {
        let flat = format!("{}{suffix}", patterns.join(" | "));
        // prettyplease leaves the arm's `,` out of its measure: near the margin, let it decide.
        if flat.len().abs_diff(self.space()) <= SLACK {
            self.unsure = true;
        }
        if self.fits(&flat) {
            self.line(&flat);
            return;
        }
        let last = patterns.len().saturating_sub(1);
        for (i, pattern) in patterns.iter().enumerate() {
            let bar = if i == 0 { "" } else { "| " };
            let suffix = if i == last { suffix } else { "" };
            self.line(&format!("{bar}{pattern}{suffix}"));
        }
    }

    /// Writes one item with `write`; when a line of it was [`unsure`](Self::line), the item's
    /// text is formatted again by prettyplease, so that the output is what it would print.
    pub(crate) fn item(&mut self, write: impl FnOnce(&mut Self)) {
        let start = self.out.len();
        let (depth, unsure) = (self.depth, self.unsure);
        self.unsure = false;
        write(self);
        if self.unsure {
            let modules = vec![MODULE; depth];
            if let Some(text) = reformat(&modules, &self.out[start..], "") {
                self.out.truncate(start);
                self.out.push_str(&text);
            }
        }
        self.depth = depth;
        self.unsure = unsure;
    }

    /// A statement (or a block's last expression, as a struct literal) of a function body,
    /// written by `write`. When a line of it is [`unsure`](Self::line), prettyplease formats
    /// the statement alone, in a function at this depth, rather than its whole item: it ends
    /// every statement with a hard break, so a statement's layout depends only on its own
    /// tokens and its indentation.
    pub(crate) fn statement(&mut self, write: impl FnOnce(&mut Self)) {
        let enclosing = self
            .depth
            .checked_sub(1)
            .map(|modules| (modules, &["fn f() {"][..]));
        self.unit(enclosing, "", write);
    }

    /// One line of a function body: [`Code::line`], formatted alone when past the margin (see
    /// [`Code::statement`]).
    pub(crate) fn stmt(&mut self, text: &str) {
        self.statement(|c| c.line(text));
    }

    /// A match arm, on one line: [`Code::line`], and when past the margin formatted alone by
    /// prettyplease in a `match` at this depth (it ends every arm with a hard break, as it
    /// does statements).
    pub(crate) fn arm(&mut self, text: &str) {
        let enclosing = self
            .depth
            .checked_sub(2)
            .map(|modules| (modules, &["fn f() {", "match x {"][..]));
        self.unit(enclosing, "", |c| c.line(text));
    }

    /// The first line of an `impl` block holding items (`impl Trait for Type {`), then one
    /// level deeper. Past the margin prettyplease breaks it before `for` (or in its generics);
    /// it is then formatted alone, in an `impl` holding one item, as the header of a
    /// non-empty `impl` is measured up to the hard break after its `{`.
    pub(crate) fn open_impl(&mut self, text: &str) {
        if self.fits(text) {
            self.fixed(text);
        } else {
            let body = format!("{}fn f() {{}}\n", INDENT.repeat(self.depth + 1));
            let after = format!("{body}{}}}\n", INDENT.repeat(self.depth));
            self.unit(Some((self.depth, &[])), &after, |c| c.line(text));
        }
        self.depth += 1;
    }

    /// Lines written by `write` that prettyplease lays out the same wherever they are at this
    /// depth, inside `enclosing` (that many modules, then lines opening one level each; `None`
    /// when there is no such context here) and before `after` (lines as prettyplease prints
    /// them, inside the last level). When a line of them is unsure, they alone are formatted
    /// again; if that fails, the enclosing item is (the unit's lines stay unsure). Nothing is
    /// built for the wrapping unless it is needed: most units are one line that fits.
    fn unit(
        &mut self,
        enclosing: Option<(usize, &[&str])>,
        after: &str,
        write: impl FnOnce(&mut Self),
    ) {
        let start = self.out.len();
        let (depth, unsure) = (self.depth, self.unsure);
        self.unsure = false;
        write(self);
        if self.unsure {
            let text = enclosing.and_then(|(modules, inner)| {
                let mut open = vec![MODULE; modules];
                open.extend_from_slice(inner);
                reformat(&open, &self.out[start..], after)
            });
            match text {
                Some(text) => {
                    self.out.truncate(start);
                    self.out.push_str(&text);
                    self.unsure = false;
                }
                None => self.unsure = true,
            }
        }
        self.depth = depth;
        self.unsure |= unsure;
    }
}

/// The line that wraps text at one more level of depth for [`reformat`].
const MODULE: &str = "mod m {";

/// `text` as prettyplease prints it inside `enclosing` (lines each opening one level, from
/// depth 0; `text` is written at the depth they reach) and before `after` (lines as
/// prettyplease prints them, with their indentation, inside the last level), with the lines
/// of `enclosing`, `after` and the closing braces left out. `None` when it does not parse (a
/// bug) or the lines around `text` did not come out as given.
fn reformat(enclosing: &[&str], text: &str, after: &str) -> Option<String> {
    let mut head = String::new();
    for (depth, line) in enclosing.iter().enumerate() {
        for _ in 0..depth {
            head.push_str(INDENT);
        }
        head.push_str(line);
        head.push('\n');
    }
    let mut tail = after.to_owned();
    for depth in (0..enclosing.len()).rev() {
        for _ in 0..depth {
            tail.push_str(INDENT);
        }
        tail.push_str("}\n");
    }
    let wrapped = format!("{head}{text}{tail}");
    let file = syn::parse_file(&wrapped).ok()?;
    let printed = prettyplease::unparse(&file);
    let inner = printed.strip_prefix(&head)?.strip_suffix(&tail)?;
    Some(inner.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_stays_whole_up_to_the_margin_and_breaks_past_it() {
        let mut code = Code::at(1);
        let fits = "a".repeat(MARGIN - 4 - "f(, b) {".len());
        code.list("f", &[fits.clone(), "b".into()], " {", true);
        assert_eq!(code.out.lines().next().map(str::len), Some(MARGIN));
        let mut code = Code::at(1);
        code.list("f", &[format!("{fits}x"), "b".into()], " {", true);
        assert_eq!(
            code.into_string(),
            format!("    f(\n        {fits}x,\n        b,\n    ) {{\n")
        );
    }

    #[test]
    fn an_unsure_item_is_formatted_by_prettyplease_at_its_depth() {
        let mut code = Code::at(1);
        code.item(|c| {
            c.open("fn f() -> &'static str {");
            c.line(&format!("match 1 {{ _ => \"{}\" }}", "a".repeat(MARGIN)));
            c.close("}");
        });
        let text = code.into_string();
        assert!(
            text.starts_with("    fn f() -> &'static str {\n        match 1 {\n"),
            "{text}"
        );
    }

    #[test]
    fn a_statement_past_the_margin_is_formatted_alone_the_rest_of_its_item_kept() {
        // `let  y` is not prettyplease's layout: it stays, so only the statement was parsed.
        let mut code = Code::at(1);
        code.item(|c| {
            c.open("fn f(query: &mut Q) {");
            c.fixed("let  y = 2;");
            let long = "self.a_rather_long_field_name.as_ref()";
            c.stmt(&format!(
                "query.optional(\"aRatherLongParameterName\", {long});"
            ));
            c.close("}");
        });
        assert_eq!(
            code.into_string(),
            "    fn f(query: &mut Q) {
        let  y = 2;
        query
            .optional(
                \"aRatherLongParameterName\",
                self.a_rather_long_field_name.as_ref(),
            );
    }
"
        );
    }

    #[test]
    fn an_arm_past_the_margin_is_formatted_alone() {
        let variant = "A".repeat(40);
        let mut code = Code::at(0);
        code.item(|c| {
            c.open("fn f(x: &str) -> X {");
            c.open("match x {");
            c.arm("\"a\"  => X::A,");
            c.arm(&format!("\"{variant}\" => X::{variant},"));
            c.close("}");
            c.close("}");
        });
        assert_eq!(
            code.into_string(),
            format!(
                "fn f(x: &str) -> X {{\n    match x {{\n        \"a\"  => X::A,\n        \"{variant}\" => {{\n            X::{variant}\n        }}\n    }}\n}}\n"
            )
        );
    }

    #[test]
    fn an_impl_header_past_the_margin_breaks_before_for() {
        let name = "B".repeat(60);
        let mut code = Code::at(1);
        code.item(|c| {
            c.open_impl(&format!("impl ::agentos_runtime::Endpoint for {name} {{"));
            c.fixed("type  Method = M;");
            c.close("}");
        });
        assert_eq!(
            code.into_string(),
            format!(
                "    impl ::agentos_runtime::Endpoint\n    for {name} {{\n        type  Method = M;\n    }}\n"
            )
        );
    }

    #[test]
    fn an_item_whose_lines_fit_is_kept_as_written_never_parsed() {
        // Not prettyplease's layout (it would break the struct), but every line fits: the
        // writer trusts its own layout and leaves it alone.
        let mut code = Code::at(1);
        code.item(|c| c.line("struct S { a: i32 }"));
        assert_eq!(code.into_string(), "    struct S { a: i32 }\n");
    }

    /// `receiver` followed by calls too long for one line, broken.
    fn broken_chain(receiver: &str) -> String {
        let mut code = Code::at(0);
        let call = format!(".call({})", "x".repeat(40));
        code.chain(receiver, &[call.clone(), call], ";");
        code.into_string()
    }

    #[test]
    fn a_broken_chain_keeps_its_first_call_beside_a_name_of_at_most_four_characters() {
        let call = format!(".call({})", "x".repeat(40));
        assert_eq!(broken_chain("path"), format!("path{call}\n    {call};\n"));
        assert_eq!(broken_chain("a_b"), format!("a_b{call}\n    {call};\n"));
        // A longer name, or a receiver that is no name (a field), stands alone.
        assert_eq!(
            broken_chain("query"),
            format!("query\n    {call}\n    {call};\n")
        );
        assert_eq!(
            broken_chain("s.b"),
            format!("s.b\n    {call}\n    {call};\n")
        );
    }

    /// `pub use super::super::shared::models::{names}` at the depth of a document's models.
    fn models_use(names: &[&str]) -> String {
        let mut code = Code::at(2);
        code.use_list("pub use super::super::shared::models::", names);
        code.into_string()
    }

    #[test]
    fn a_long_use_list_fills_lines_up_to_the_margin_at_its_depth() {
        // prettyplease's layout of this re-export in the client of the published documents.
        let names = [
            "DiaryAppointmentTypeModel",
            "DiaryAppointmentTypeModelResults",
            "DiaryBookingModel",
            "LinkedLandlordModel",
            "LinkedTenantModel",
            "RemindBefore",
            "SystemType",
        ];
        assert_eq!(
            models_use(&names),
            "        pub use super::super::shared::models::{
            DiaryAppointmentTypeModel, DiaryAppointmentTypeModelResults,
            DiaryBookingModel, LinkedLandlordModel, LinkedTenantModel, RemindBefore,
            SystemType,
        };
"
        );
        // A line filled to exactly the margin (89 columns), and the name that would pass it.
        let names = [
            "ContractType",
            "Country",
            "CountyModel",
            "CountyModelResults",
            "DiaryAllocationModel",
            "DiaryAllocationModelResults",
        ];
        let full = "            ContractType, Country, CountyModel, CountyModelResults, DiaryAllocationModel,";
        assert_eq!(full.len(), MARGIN);
        assert_eq!(
            models_use(&names),
            format!(
                "        pub use super::super::shared::models::{{\n{full}\n            DiaryAllocationModelResults,\n        }};\n"
            )
        );
        // One column more, and the last name goes to the next line.
        let names = [
            "ContractType",
            "Country",
            "CountyModel",
            "CountyModelResults",
            "DiaryAllocationModelX",
        ];
        assert_eq!(
            models_use(&names),
            "        pub use super::super::shared::models::{
            ContractType, Country, CountyModel, CountyModelResults,
            DiaryAllocationModelX,
        };
"
        );
        let mut code = Code::at(2);
        code.use_list("pub use super::super::shared::errors::", &["ApiWide"]);
        assert_eq!(
            code.into_string(),
            "        pub use super::super::shared::errors::ApiWide;\n"
        );
        let mut code = Code::at(2);
        code.use_list("pub use m::", &["A", "B"]);
        assert_eq!(code.into_string(), "        pub use m::{A, B};\n");
    }

    #[test]
    fn alternatives_that_fit_far_from_the_margin_are_kept_as_written() {
        // `let  y` is not prettyplease's layout: were the item handed to it, it would change.
        let mut code = Code::at(0);
        code.item(|c| {
            c.open("fn f(x: u8) -> u8 {");
            c.line("let  y = 2;");
            c.open("match x {");
            c.alternatives(&["1".into(), "2".into()], " => y,");
            c.fixed("_ => 0,");
            c.close("}");
            c.close("}");
        });
        let text = code.into_string();
        assert!(text.contains("    let  y = 2;\n"), "{text}");
        assert!(text.contains("        1 | 2 => y,\n"), "{text}");
    }

    #[test]
    fn alternatives_past_the_margin_go_one_per_line() {
        let long: Vec<String> = (0..8).map(|i| format!("Self::Variant{i}(body)")).collect();
        let mut code = Code::at(1);
        code.alternatives(&long, " => body,");
        let text = code.into_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 8, "{text}");
        assert_eq!(lines[0], "    Self::Variant0(body)");
        assert_eq!(lines[7], "    | Self::Variant7(body) => body,");
    }

    #[test]
    fn deep_lines_get_at_least_the_minimum_space() {
        let deep = Code::at(10);
        assert!(deep.fits(&"x".repeat(MIN_SPACE)));
        assert!(!deep.fits(&"x".repeat(MIN_SPACE + 1)));
        let shallow = Code::at(1);
        assert!(shallow.fits(&"x".repeat(MARGIN - 4)));
        assert!(!shallow.fits(&"x".repeat(MARGIN - 3)));
    }

    #[test]
    fn a_chain_past_the_margin_keeps_its_end_even_with_a_single_call() {
        let call = format!(".literal(\"{}\")", "x".repeat(MARGIN));
        let mut code = Code::at(0);
        code.chain("path", std::slice::from_ref(&call), ";");
        assert_eq!(code.into_string(), format!("path{call};\n"));
    }
}
