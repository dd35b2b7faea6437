import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 28, height: 28, flexShrink: 0 },
  ring: { fill: 'none', stroke: '#7df3e1', strokeWidth: 3 },
  node: { fill: '#7df3e1' },
});

/**
 * The Control Plane mark: one hub (the portal) steering three tenants.
 */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 40 40"
      role="img"
      aria-label="Control Plane"
    >
      <circle className={classes.ring} cx="20" cy="20" r="16" />
      <circle className={classes.node} cx="20" cy="20" r="5" />
      <circle className={classes.node} cx="20" cy="4" r="3.5" />
      <circle className={classes.node} cx="34" cy="28" r="3.5" />
      <circle className={classes.node} cx="6" cy="28" r="3.5" />
    </svg>
  );
};
