import { getCategory } from '../../../../../lib/catalog-data';
import { recordLayout } from '../../../../../lib/slug-layout';

export default recordLayout(getCategory);
