import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { selectTransport } from './transport/select-transport';
import { TransportKey } from './transport/transport';
import './styles/theme.css';

createApp(App).use(createPinia()).provide(TransportKey, selectTransport()).mount('#app');
