"""The upload form: which agency's reports (the coordinator chooses; a partner officer sends
for their own), and the file."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_MB = 20


class FeedUploadForm(forms.Form):
    agency = forms.ChoiceField(
        label="Agency",
        help_text="Whose reports these are",
        error_messages={"required": "Select the agency whose reports these are"},
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=f"A CSV file (UTF-8) with a header row, as the feed format says, up to "
        f"{MAX_UPLOAD_MB} MB.",
        error_messages={
            "required": "Select a CSV file to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read",
        },
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        if len(agencies) == 1:
            del self.fields["agency"]
        else:
            field.choices = [("", "Select an agency"), *agencies]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".txt")):
            raise forms.ValidationError("The selected file must be a CSV")
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_UPLOAD_MB} MB"
            )
        return upload
