export { ButtonWithDialog } from './ButtonWithDialog';
export { ConfirmDialog } from './ConfirmDialog';
export { FormDialog } from './FormDialog';
export { BackendErrorPanel, ErrorAlert, errorMessage } from './errors';
export { SelectField } from './SelectField';
export { SimpleTable } from './SimpleTable';
