"""备份与恢复: the backups in the backup folder, making one now, restoring one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.dto import BackupFile
from tracker.errors import UserError
from tracker.views.prompter import Prompter

if TYPE_CHECKING:
    from tracker.services.bundle import Services


class BackupsDialog(QDialog):
    """Lists backups newest first; 立即备份 and 恢复所选备份 (the current state is kept first)."""

    def __init__(self, parent: QWidget | None, services: Services, prompter: Prompter) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.resize(760, 460)
        self._services = services
        self._prompter = prompter
        self._backups: list[BackupFile] = []
        self.restored = False
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("hint")
        self.folder_label.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "文件"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton("立即备份", self)
        self.restore_button = QPushButton("恢复所选备份…", self)
        self.restore_button.setObjectName("primary")
        note = QLabel(
            "程序每天自动备份一次(保留14天),升级和每次导入前也会备份。恢复前会先把当前"
            "数据库再备份一份,不会丢失现有内容。",
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.reload()

    def reload(self) -> None:
        """List the backup folder again."""
        self.folder_label.setText(f"备份文件夹:{self._services.backups.folder}")
        self._backups = self._services.backups.list()
        self.table.setRowCount(len(self._backups))
        for row, backup in enumerate(self._backups):
            for column, value in enumerate(
                [
                    backup.made_at.strftime("%Y-%m-%d %H:%M:%S"),
                    backup.reason_label,
                    backup.path.name,
                ]
            ):
                cell = QTableWidgetItem(value)
                cell.setToolTip(str(backup.path))
                self.table.setItem(row, column, cell)
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _on_backup_clicked(self) -> None:
        try:
            target = self._services.backups.backup()
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self.reload()
        self._prompter.info(self, f"已备份到:\n{target}")

    def _on_restore_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        backup = self._backups[rows[0].row()]
        if not self._prompter.confirm(
            self,
            f"用 {backup.made_at:%Y-%m-%d %H:%M} 的备份替换当前台账?\n"
            "当前数据库会先另存一份备份,之后也可以再恢复回来。",
        ):
            return
        try:
            safety = self._services.backups.restore(backup.path)
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self.restored = True
        self.reload()
        self._prompter.info(self, f"已恢复。恢复前的数据库已备份到:\n{safety}")
