import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import FollowApp from './components/classroom/FollowApp.vue';
import { selectHost } from './host';
import { FileSaverKey } from './lib/file-save';
import { TransportKey } from './transport/transport';
import './styles/theme.css';

const { transport, fileSaver, follower } = selectHost();
createApp(follower ? FollowApp : App)
  .use(createPinia())
  .provide(TransportKey, transport)
  .provide(FileSaverKey, fileSaver)
  .mount('#app');
