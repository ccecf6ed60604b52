// The home page's placeholder until the till arrives. It proves the build: the page loads,
// requires the domain core from miniprogram_npm and formats money with it.
import { formatFen } from '@pos/shared';

// Component(), not Page(): miniprogram-simulate loads components, so pages are written as components.
Component({
  data: {
    title: '收银台即将上线',
    samplePrice: formatFen(1280),
  },
});
