import { ReactNode } from 'react';
import { Content, ContentHeader } from '@backstage/core-components';

/**
 * The frame of every view of a domain page. The new frontend system already
 * renders the plugin's header (title, icon) around each page; inside it, a
 * view is Backstage's `Content` with a `ContentHeader` naming the view and
 * holding its main actions (e.g. "Register app") on the right.
 */
export const PortalPage = (props: {
  /** The view's title, e.g. `Apps` or the name of one app. */
  title: string;
  /** A line under the title. */
  subtitle?: string;
  /** Shown on the right of the title, e.g. the view's main action. */
  headerActions?: ReactNode;
  children: ReactNode;
}) => (
  <Content>
    <ContentHeader title={props.title} description={props.subtitle}>
      {props.headerActions}
    </ContentHeader>
    {props.children}
  </Content>
);
