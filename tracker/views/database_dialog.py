"""数据库连接: the ledger in a local file, or on a shared PostgreSQL server (with 连接测试)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.views.background import BackgroundRunner

if TYPE_CHECKING:
    from tracker.services.connection_service import ServerFields


class DatabaseDialog(QDialog):
    """Where the ledger lives; ``value()`` is "" for the local file, else the server's URL."""

    def __init__(
        self, parent: QWidget | None, current: str, local_file: Path, *, overridden: bool = False
    ) -> None:
        from tracker.services.connection_service import ServerFields, server_fields

        super().__init__(parent)
        self.setWindowTitle("数据库连接")
        self.setMinimumWidth(560)
        self._runner = BackgroundRunner(self, lambda message: self._show_result(message, ok=False))
        fields = server_fields(current) or ServerFields()

        self.local_radio = QRadioButton("本机数据库文件(一个人使用)", self)
        local_path = QLabel(str(local_file), self)
        local_path.setObjectName("hint")
        local_path.setWordWrap(True)
        self.server_radio = QRadioButton("共享数据库服务器(PostgreSQL,几位同事同时使用)", self)
        choice = QButtonGroup(self)
        choice.addButton(self.local_radio)
        choice.addButton(self.server_radio)

        self.host_edit = QLineEdit(fields.host, self)
        self.host_edit.setPlaceholderText("服务器的地址,例如 192.168.1.20")
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(fields.port)
        self.database_edit = QLineEdit(fields.database, self)
        self.user_edit = QLineEdit(fields.user, self)
        self.password_edit = QLineEdit(fields.password, self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton("连接测试", self)
        self.test_button.clicked.connect(self.start_test)
        self.result_label = QLabel("", self)
        self.result_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("服务器地址:", self.host_edit)
        form.addRow("端口:", self.port_spin)
        form.addRow("数据库名:", self.database_edit)
        form.addRow("用户名:", self.user_edit)
        form.addRow("密码:", self.password_edit)
        self.server_box = QWidget(self)
        self.server_box.setLayout(form)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)

        note = QLabel(
            "密码保存在本机的设置文件中,建议为台账单独建一个数据库账号。切换后,本机文件里的"
            "台账原样保留;要把它搬到服务器上,请用命令行的 migrate-db 命令(见使用说明)。",
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("hint")

        layout = QVBoxLayout(self)
        if overridden:
            warning = QLabel(
                "注意:本次启动用 --db 参数或 TRACKER_DB 环境变量指定了数据库,"
                "这里的选择保存后,要在不带它们启动时才生效。",
                self,
            )
            warning.setWordWrap(True)
            warning.setObjectName("warning")
            layout.addWidget(warning)
        layout.addWidget(self.local_radio)
        layout.addWidget(local_path)
        layout.addWidget(self.server_radio)
        layout.addWidget(self.server_box)
        layout.addLayout(test_row)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存并切换")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.server_radio.toggled.connect(self._on_choice_changed)
        (self.server_radio if server_fields(current) else self.local_radio).setChecked(True)
        self._on_choice_changed()

    # ---- values ----------------------------------------------------------------------------

    def fields(self) -> ServerFields:
        """The server fields as typed."""
        from tracker.services.connection_service import ServerFields

        return ServerFields(
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            password=self.password_edit.text(),
        )

    def value(self) -> str:
        """An empty string for the local file, else the server's URL.

        Raises:
            InvalidInputError: when a server field is missing.
        """
        if self.local_radio.isChecked():
            return ""
        from tracker.services.connection_service import server_location

        return server_location(self.fields())

    def _on_choice_changed(self, *_args: object) -> None:
        server = self.server_radio.isChecked()
        self.server_box.setEnabled(server)
        self.test_button.setEnabled(server and not self._runner.busy)
        self.result_label.clear()

    def _on_accept(self) -> None:
        try:
            self.value()
        except UserError as error:
            self._show_result(str(error), ok=False)
            return
        self.accept()

    # ---- the connection test ---------------------------------------------------------------

    def start_test(self) -> None:
        """Try the server off the UI thread; the result appears beside the button."""
        try:
            location = self.value()
        except UserError as error:
            self._show_result(str(error), ok=False)
            return
        from tracker.services.connection_service import check_server

        self.test_button.setEnabled(False)
        self._show_result("正在连接…", ok=None)
        self._runner.run(
            lambda _progress: check_server(location).summary(),
            lambda summary: self._end_test(str(summary), ok=True),
            on_failed=lambda message: self._end_test(message, ok=False),
            on_crashed=lambda error: self._end_test(f"连接失败:{error}", ok=False),
        )

    def testing(self) -> bool:
        """Whether a connection test is running."""
        return self._runner.busy

    def _end_test(self, text: str, *, ok: bool) -> None:
        self.test_button.setEnabled(self.server_radio.isChecked())
        self._show_result(text, ok=ok)

    def _show_result(self, text: str, *, ok: bool | None) -> None:
        self.result_label.setText(text)
        self.result_label.setObjectName({True: "ok", False: "warning", None: "hint"}[ok])
        style: Any = self.result_label.style()
        style.unpolish(self.result_label)
        style.polish(self.result_label)

    def done(self, result: int) -> None:
        """Close, waiting for a running test (it ends within the connect timeout)."""
        self._runner.wait()
        super().done(result)
