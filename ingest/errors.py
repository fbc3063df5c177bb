"""Errors a user can act on. Each carries an exit code and a message written for the user.

The CLI prints `str(error)` and exits with `error.exit_code`; the UI shows the message inline.
No traceback reaches a user unless they ask for it with `--debug`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SOME_INPUTS_FAILED = 1
    BAD_ARGS = 2
    INPUT_FILE = 3
    MISSING_DEPENDENCY = 4
    ENCRYPTED_PDF = 5
    OCR_ENGINE = 6
    STORE = 7
    CONFLICT = 8
    NOT_FOUND = 9
    PERMISSION = 10
    EXPORT = 11


class QuireError(Exception):
    """Base of every error Quire reports to a user."""

    exit_code: ExitCode = ExitCode.INPUT_FILE

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None) -> None:
        self.message = message
        self.path = path
        self.page = page
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.page is not None:
                where += f", page {self.page}"
            where += ": "
        return f"{where}{self.message}"


class InputError(QuireError):
    """A file the user gave cannot be read as a page source."""

    exit_code = ExitCode.INPUT_FILE


class UnsupportedFileError(InputError):
    pass


class EncryptedPdfError(InputError):
    exit_code = ExitCode.ENCRYPTED_PDF


class ImageTooLargeError(InputError):
    pass


class MissingDependencyError(QuireError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class OcrEngineError(QuireError):
    exit_code = ExitCode.OCR_ENGINE


class OcrTimeoutError(OcrEngineError):
    pass


class StoreError(QuireError):
    exit_code = ExitCode.STORE


class NotFoundError(QuireError):
    exit_code = ExitCode.NOT_FOUND


class StoreConflict(QuireError):
    """A save was based on a revision that is no longer the newest: nothing was overwritten."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, message: str, *, base_id: int | None, current_id: int | None, **kw: object) -> None:
        self.base_id = base_id
        self.current_id = current_id
        super().__init__(message, **kw)  # type: ignore[arg-type]

    @classmethod
    def saved_since(cls, page_index: int, *, base_id: int | None, current_id: int | None) -> StoreConflict:
        """Someone saved the page after the revision an edit was based on."""
        return cls(
            f"page {page_index} was saved by someone else since you opened it; "
            "compare both versions and merge",
            base_id=base_id,
            current_id=current_id,
        )


class PermissionDenied(QuireError):
    exit_code = ExitCode.PERMISSION


class ExportError(QuireError):
    exit_code = ExitCode.EXPORT
