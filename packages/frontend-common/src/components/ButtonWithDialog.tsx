import { ReactNode, useState } from 'react';
import { Button } from '@material-ui/core';

/** A contained button that opens the dialog `dialog` renders. */
export const ButtonWithDialog = (props: {
  label: ReactNode;
  icon?: ReactNode;
  dialog: (state: { open: boolean; close: () => void }) => ReactNode;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        color="primary"
        variant="contained"
        startIcon={props.icon}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </Button>
      {props.dialog({ open, close: () => setOpen(false) })}
    </>
  );
};
