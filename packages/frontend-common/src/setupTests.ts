import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 1 s by default; the first render of a page can
// take longer on a busy CI machine.
configure({ asyncUtilTimeout: 5_000 });
