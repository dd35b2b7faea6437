import { ReactNode } from 'react';
import { Box } from '@material-ui/core';

/** One line of {@link Facts}: its label and its value. */
export type Fact = [string, ReactNode];

/**
 * Label and value lines of a card, as a description list; each value is
 * named by its label (`getByLabelText('Tenant')` finds it).
 */
export const Facts = (props: { facts: Fact[]; labelWidth?: number }) => (
  <dl style={{ margin: 0 }}>
    {props.facts.map(([label, value]) => (
      <Box key={label} display="flex" mb={0.5}>
        <Box
          component="dt"
          width={props.labelWidth ?? 170}
          flexShrink={0}
          color="text.secondary"
        >
          {label}
        </Box>
        <Box component="dd" m={0} aria-label={label}>
          {value}
        </Box>
      </Box>
    ))}
  </dl>
);
