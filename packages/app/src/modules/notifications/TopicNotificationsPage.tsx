import { Suspense, useCallback, useMemo, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  GetNotificationsCommonOptions,
  NotificationsTable,
  useNotificationsApi,
} from '@backstage/plugin-notifications';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { PortalPage } from '@controlplane/frontend-common';
import {
  Box,
  Button,
  LinearProgress,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import { topicTitle } from './topics';

/** Which notifications the page shows. */
type View = 'unread' | 'all' | 'saved';

const VIEWS: Record<View, string> = {
  unread: 'Unread',
  all: 'All',
  saved: 'Saved',
};

function viewFilter(
  view: View,
  search: string | undefined,
): GetNotificationsCommonOptions {
  return {
    ...(search ? { search } : {}),
    ...(view === 'unread' ? { read: false } : {}),
    ...(view === 'saved' ? { saved: true } : {}),
  };
}

/** One topic's notifications: Backstage's table, paged on its own. */
const TopicSection = (props: {
  topic: string;
  filter: GetNotificationsCommonOptions;
  revision: number;
  isUnread: boolean;
  onUpdate: () => void;
  onSearch: (text: string) => void;
}) => {
  const { topic, filter, revision } = props;
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(5);
  const { value, loading, error } = useNotificationsApi(
    api =>
      api.getNotifications({
        ...filter,
        topic,
        limit: pageSize,
        offset: page * pageSize,
      }),
    [filter, topic, page, pageSize, revision],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  // The table's description component loads lazily on its first use: this
  // group waits for it, not the whole page.
  return (
    <section aria-label={topicTitle(topic)}>
      <Suspense fallback={<LinearProgress />}>
        <NotificationsTable
          title={`${topicTitle(topic)} (${value?.totalCount ?? 0})`}
          isLoading={loading}
          notifications={value?.notifications}
          isUnread={props.isUnread}
          markAsReadOnLinkOpen
          onUpdate={props.onUpdate}
          setContainsText={props.onSearch}
          page={page}
          pageSize={pageSize}
          totalCount={value?.totalCount}
          onPageChange={setPage}
          onRowsPerPageChange={size => {
            setPageSize(size);
            setPage(0);
          }}
        />
      </Suspense>
    </section>
  );
};

/**
 * The notifications page of the portal: the user's notifications grouped by
 * topic (promotion waiting, budget threshold, ...), each group a table of
 * Backstage's notifications plugin, with a link to the settings where a
 * topic is muted.
 */
export const TopicNotificationsPage = () => {
  const [view, setView] = useState<View>('unread');
  const [search, setSearch] = useState<string>();
  // Bumped when a table changes notifications (read, saved): every group
  // and the topic list are read again.
  const [revision, setRevision] = useState(0);
  const onUpdate = useCallback(() => setRevision(r => r + 1), []);
  const onSearch = useCallback(
    (text: string) => setSearch(text.trim() || undefined),
    [],
  );
  const filter = useMemo(() => viewFilter(view, search), [view, search]);
  const topics = useNotificationsApi(
    api => Promise.all([api.getTopics(filter), api.getStatus()]),
    [filter, revision],
  );
  const settingsRoot = useRouteRef(userSettingsPlugin.routes.root);
  const settingsLink = settingsRoot
    ? `${settingsRoot()}/notifications`
    : '/settings/notifications';

  const topicList = topics.value?.[0];
  const status = topics.value?.[1];
  const sorted = [...(topicList?.topics ?? [])].sort((a, b) =>
    topicTitle(a).localeCompare(topicTitle(b)),
  );

  return (
    <PortalPage
      title="Notifications by topic"
      subtitle="What the portal's plugins told you, grouped by topic. Open one to go where it is handled."
      headerActions={
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <TextField
            id="notifications-view"
            select
            label="Show"
            variant="outlined"
            size="small"
            value={view}
            onChange={event => setView(event.target.value as View)}
          >
            {(Object.keys(VIEWS) as View[]).map(key => (
              <MenuItem key={key} value={key}>
                {VIEWS[key]}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            color="primary"
            component={RouterLink}
            to={settingsLink}
          >
            Mute topics
          </Button>
        </Box>
      }
    >
      {topics.error && <ResponseErrorPanel error={topics.error} />}
      {topics.loading && !topics.value && <Progress />}
      {topicList && sorted.length === 0 && (
        <EmptyState
          missing="data"
          title={
            view === 'unread' ? 'All caught up' : 'No notifications to show'
          }
          description={
            view === 'unread'
              ? 'You have no unread notifications. Show all to see earlier ones.'
              : 'Notifications of promotions, incidents, budgets, invitations and API keys appear here, grouped by topic.'
          }
        />
      )}
      <Box display="flex" flexDirection="column" style={{ gap: 24 }}>
        {sorted.map(topic => (
          <TopicSection
            key={topic}
            topic={topic}
            filter={filter}
            revision={revision}
            isUnread={!!status?.unread}
            onUpdate={onUpdate}
            onSearch={onSearch}
          />
        ))}
      </Box>
    </PortalPage>
  );
};
