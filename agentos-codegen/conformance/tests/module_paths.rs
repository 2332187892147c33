//! Module paths a user writes: a call group named like its document's module is that module
//! (`diary::GetAppointmentTypes`, not `diary::diary::GetAppointmentTypes`), the other
//! documents keep `document::group::Type`.

use agentos_conformance::several_documents;

#[test]
fn a_group_named_like_its_document_is_the_document_module() {
    // `minimal.json` as the module `diary`: its `diary` group's request types are the
    // module's own, beside `models` and `errors`.
    let request = several_documents::diary::GetAppointmentTypes::new();
    let _: Option<several_documents::diary::GetAppointmentTypesError> = None;
    assert_eq!(
        <several_documents::diary::GetAppointmentTypes as agentos_runtime::Endpoint>::OPERATION,
        "DiaryController_GetAppointmentTypes"
    );
    let _ = request;
}
