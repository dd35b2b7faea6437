import { Box, Button } from '@material-ui/core';
import { CursorPages } from '../hooks/useCursorPages';

/** Previous and next page buttons under a list paged by {@link useCursorPages}. */
export const CursorPageButtons = (props: {
  pages: CursorPages;
  /** The current page's `nextCursor`; absent on the last page. */
  nextCursor?: string;
  /** While a page loads, both buttons are disabled. */
  loading?: boolean;
}) => {
  const { pages, nextCursor, loading } = props;
  return (
    <Box display="flex" justifyContent="flex-end" mt={1}>
      <Button
        disabled={!pages.hasPrevious || loading}
        onClick={() => pages.previous()}
      >
        Previous page
      </Button>
      <Button
        disabled={!nextCursor || loading}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        Next page
      </Button>
    </Box>
  );
};
