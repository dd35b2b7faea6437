import { Fragment, ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import {
  Box,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  Typography,
} from '@material-ui/core';

/**
 * An item's second line from its parts (tenant, owner, age...), the empty
 * ones left out, joined by middle dots. Parts may be elements, such as an
 * actor's `EntityName`.
 */
export function itemDetails(
  parts: (ReactNode | false | null | undefined)[],
): ReactNode {
  const shown = parts.filter(part => part !== '' && part !== 0 && !!part);
  return shown.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && ' · '}
      {part}
    </Fragment>
  ));
}

/** One line of a {@link HomeCardList}. */
export interface HomeCardItem {
  /** Stable React key. */
  key: string;
  /** What the item is; links to the page where it is handled. */
  primary: ReactNode;
  /** The page where the item is handled. */
  href: string;
  /** A short second line: tenant, owner, age... */
  secondary?: ReactNode;
  /** At the end of the line: a status chip, a count. */
  trailing?: ReactNode;
}

/**
 * The body of a home card that lists work: each item links to the page where
 * it is handled, an empty list says so in the card's own words, and a link
 * at the bottom opens the full list. Cards of every plugin look alike.
 */
export const HomeCardList = (props: {
  items: HomeCardItem[];
  /** Shown when there is nothing, e.g. "No requests wait for you." */
  emptyText: string;
  /** The page with everything, e.g. the filtered list. */
  more?: { href: string; label: string };
  /** How many there are in all, when the card shows only the first ones. */
  total?: number;
}) => {
  const { items, emptyText, more, total } = props;
  return (
    <Box>
      {items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {emptyText}
        </Typography>
      ) : (
        <List dense disablePadding>
          {items.map(item => (
            <ListItem key={item.key} disableGutters divider>
              <ListItemText
                primary={<Link to={item.href}>{item.primary}</Link>}
                secondary={item.secondary}
              />
              {item.trailing && (
                <ListItemSecondaryAction>
                  {item.trailing}
                </ListItemSecondaryAction>
              )}
            </ListItem>
          ))}
        </List>
      )}
      {more && (
        <Box mt={1}>
          <Link to={more.href}>
            {total !== undefined && total > items.length
              ? `${more.label} (${total})`
              : more.label}
          </Link>
        </Box>
      )}
    </Box>
  );
};
