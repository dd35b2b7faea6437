export { ButtonWithDialog } from './ButtonWithDialog';
export {
  ConfirmDialog,
  createConfirmDialog,
  MIN_REASON_LENGTH,
} from './ConfirmDialog';
export { FormDialog } from './FormDialog';
export { BackendErrorPanel, ErrorAlert, errorMessage } from './errors';
export { SelectField } from './SelectField';
export { ReasonField, reasonMissing } from './ReasonField';
export { TenantPicker } from './TenantPicker';
export type { TenantPickerProps } from './TenantPicker';
export { CursorPageButtons } from './CursorPageButtons';
export { FilterChips } from './FilterChips';
export {
  formatAge,
  formatDuration,
  formatTime,
  shortRef,
  splitCommaList,
} from './format';
export { DataTable } from './DataTable';
export { PortalPage } from './PortalPage';
export { SearchField } from './SearchField';
export { BarChart } from './BarChart';
export type { Bar } from './BarChart';
export { DownloadCsvButton, saveFile, toCsv } from './DownloadCsvButton';
export type { CsvColumn } from './DownloadCsvButton';
export { FormTextField } from './FormTextField';
export { checkTenant, localTimeToIso } from './formChecks';
export { Facts } from './Facts';
export type { Fact } from './Facts';
export { HeldOnly } from './HeldOnly';
export {
  EntityName,
  EntityNames,
  nonCatalogRefText,
  useEntityNameText,
  useEntityNameTexts,
} from './EntityName';
export type { EntityNameProps } from './EntityName';
export { EntityRefPicker, EntityRefsPicker } from './EntityRefPicker';
export type {
  EntityRefPickerProps,
  EntityRefsPickerProps,
} from './EntityRefPicker';
