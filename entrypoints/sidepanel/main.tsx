import { render } from 'preact';
import '../../components/page.css';
import { App } from './App';

document.documentElement.lang = navigator.language || 'en';
render(<App />, document.getElementById('app')!);
